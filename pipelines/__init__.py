"""Dagster definitions: assets, asset checks, jobs, schedules, sensors and resources.
Installed as ``adoption_audit.pipelines``; ``definitions.py`` is the only place they are wired."""
