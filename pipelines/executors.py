"""How a launched run executes its steps, chosen by ``ADOPTION_AUDIT_EXECUTOR``.

- ``multiprocess`` (default for launched runs, e.g. from the schedule or the UI): steps and partitions in
  parallel processes on one machine, ``ADOPTION_AUDIT_MAX_CONCURRENT`` at a time (default: the cores).
- ``celery``: steps go to Celery workers through a broker (Redis is the lightest that runs anywhere):
  ``ADOPTION_AUDIT_CELERY_BROKER=redis://host:6379/0`` and ``ADOPTION_AUDIT_CELERY_BACKEND=redis://host:6379/1``;
  start workers with ``dagster-celery worker start -A dagster_celery.app -y deploy/celery.yaml``.
- ``in_process``: one process, for debugging.

``adoption-audit run`` always executes in process (the one-command path); Kubernetes deployments use
``dagster-k8s`` instead (see docs/orchestration.md). Steps share the DuckDB warehouse file; the DuckDB
resource retries while another process holds its write lock, so steps that write serialise on it.
"""

from __future__ import annotations

import os

import dagster as dg

from adoption_audit.errors import ConfigError

EXECUTOR_ENV = "ADOPTION_AUDIT_EXECUTOR"


def executor_from_env() -> dg.ExecutorDefinition:
    kind = os.environ.get(EXECUTOR_ENV, "multiprocess")
    if kind == "in_process":
        return dg.in_process_executor
    if kind == "multiprocess":
        limit = int(os.environ.get("ADOPTION_AUDIT_MAX_CONCURRENT", "0") or 0) or (os.cpu_count() or 2)
        return dg.multiprocess_executor.configured({"max_concurrent": limit})
    if kind == "celery":
        from dagster_celery import celery_executor

        broker = os.environ.get("ADOPTION_AUDIT_CELERY_BROKER")
        if not broker:
            raise ConfigError("ADOPTION_AUDIT_EXECUTOR=celery needs ADOPTION_AUDIT_CELERY_BROKER (e.g. redis://host:6379/0)")
        backend = os.environ.get("ADOPTION_AUDIT_CELERY_BACKEND", broker)
        return celery_executor.configured({"broker": broker, "backend": backend})
    raise ConfigError(f"{EXECUTOR_ENV}={kind} is not one of in_process, multiprocess, celery")
