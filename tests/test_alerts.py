"""Alerts reach a real HTTP or SMTP endpoint on loopback; new error findings alert once, not nightly."""

from __future__ import annotations

import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import pytest
from adoption_audit.pipelines.alerts import Notifier, alert_on_new_errors, alert_on_run_failure
from dagster_duckdb import DuckDBResource


@pytest.fixture
def webhook():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()


@pytest.fixture
def smtp_server():
    """A minimal SMTP server on loopback that records each message's data."""
    messages: list[str] = []

    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            self.wfile.write(b"220 stub\r\n")
            data_lines, in_data = [], False
            for raw in self.rfile:
                line = raw.decode().rstrip("\r\n")
                if in_data:
                    if line == ".":
                        messages.append("\n".join(data_lines))
                        in_data = False
                        self.wfile.write(b"250 queued\r\n")
                    else:
                        data_lines.append(line)
                    continue
                verb = line[:4].upper()
                if verb in ("EHLO", "HELO"):
                    self.wfile.write(b"250 stub\r\n")
                elif verb == "DATA":
                    in_data = True
                    self.wfile.write(b"354 go\r\n")
                elif verb == "QUIT":
                    self.wfile.write(b"221 bye\r\n")
                    return
                else:
                    self.wfile.write(b"250 ok\r\n")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], messages
    server.shutdown()
    server.server_close()


def test_webhook_and_email_both_delivered(webhook, smtp_server):
    url, received = webhook
    port, messages = smtp_server
    notifier = Notifier(webhook_url=url, smtp_host="127.0.0.1", smtp_port=port, smtp_to=["data.team@example.org"])
    channels = notifier.send("subject line", ["first", "second"])
    assert channels == ["webhook", "email"]
    assert received[0]["subject"] == "subject line" and received[0]["lines"] == ["first", "second"]
    assert "subject line" in messages[0] and "second" in messages[0]


def test_unreachable_webhook_is_logged_not_raised():
    notifier = Notifier(webhook_url="http://127.0.0.1:9/nothing-listens", timeout_s=2)
    assert notifier.send("subject", ["line"]) == []


def test_run_failure_alert(webhook):
    url, received = webhook

    @dg.asset
    def breaks():
        raise RuntimeError("boom")

    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([breaks], instance=instance, raise_on_error=False)
    assert not result.success
    context = dg.build_run_status_sensor_context(
        sensor_name="alert_on_run_failure", dagster_instance=instance, dagster_run=result.dagster_run,
        dagster_event=result.get_run_failure_event(),
    ).for_run_failure()
    alert_on_run_failure(context, notifier=Notifier(webhook_url=url))
    assert len(received) == 1
    assert result.run_id in received[0]["lines"][0]
    assert "breaks" in received[0]["lines"][1]


def test_new_error_findings_alert_once(webhook, tmp_path):
    url, received = webhook
    warehouse = DuckDBResource(database=str(tmp_path / "warehouse.duckdb"))
    with warehouse.get_connection() as con:
        con.execute("create table findings (rule varchar, fingerprint varchar, severity varchar, acknowledged varchar)")
        con.execute("insert into findings values ('conflicting_values', 'aaa', 'error', null), "
                    "('breakdown_sum', 'bbb', 'error', '{\"by\": \"auditor\"}'), ('period_label', 'ccc', 'warning', null)")

    @dg.asset
    def fine():
        return 1

    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([fine], instance=instance)

    def evaluate():
        context = dg.build_run_status_sensor_context(
            sensor_name="alert_on_new_errors", dagster_instance=instance, dagster_run=result.dagster_run,
            dagster_event=result.get_run_success_event())
        return alert_on_new_errors(context, notifier=Notifier(webhook_url=url), warehouse=warehouse)

    evaluate()
    assert len(received) == 1
    body = "\n".join(received[0]["lines"])
    assert "aaa" in body and "bbb" not in body and "ccc" not in body  # acknowledged and warnings do not page
    second = evaluate()
    assert isinstance(second, dg.SkipReason) and len(received) == 1  # the same finding does not alert twice
    with warehouse.get_connection() as con:
        con.execute("insert into findings values ('future_date', 'ddd', 'error', null)")
    evaluate()
    assert len(received) == 2 and "ddd" in "\n".join(received[1]["lines"])
