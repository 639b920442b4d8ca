"""Reads off the primary: a streaming replica (Debian's PostgreSQL, on loopback) serves the measurement pages.

The replica is made as docs/operations.md says (`pg_basebackup -R` of the running server, started on another port).
Touchpoint runs on the primary with TOUCHPOINT_DATABASE_READ_URL naming the replica. With the replica's replay paused,
new orders are stored (the primary's paths show them at once) while the pyramid, read from the replica, does not count
them yet and `/health` and `/metrics` show the lag; once replay resumes, the pyramid counts them.
"""
import os
import shutil
import signal
import subprocess
import time
import urllib.request
import uuid

import pytest

from conftest import POSTGRES_SERVER, Server, as_postgres, free_port, postgres_bin, postgres_data_dir, psql

pytestmark = pytest.mark.skipif(not POSTGRES_SERVER, reason="TOUCHPOINT_TEST_POSTGRES_URL is not set")


def orders_counted(server):
    status, pyramid = server.get("/api/v1/cx/pyramid")
    assert status == 200, pyramid
    for level in pyramid["levels"]:
        for indicator in level["indicators"]:
            if indicator["key"] == "contacts_per_order":
                return indicator["denominator"]
    raise AssertionError("no contacts_per_order indicator")


def send_orders(server, prefix, count):
    batch = [{"type": "track", "userId": f"{prefix}-{n}", "event": "Order Completed", "properties": {"revenue": 100},
              "messageId": f"{prefix}-{n}-{uuid.uuid4().hex[:6]}"} for n in range(count)]
    status, body = server.request("POST", "/v1/batch", {"batch": batch}, auth="write")
    assert status == 200, body


def wait_for(check, timeout=30):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.5)


def test_measurement_reads_from_a_streaming_replica_and_health_shows_its_lag(tmp_path):
    name = "touchpoint_replica_" + uuid.uuid4().hex[:10]
    psql(POSTGRES_SERVER, f"CREATE DATABASE {name}")
    base = POSTGRES_SERVER.split("?")[0].rsplit("/", 1)[0]
    host, port = base.rsplit("@", 1)[1].split(":")
    replica_dir = postgres_data_dir()
    replica_port = free_port()
    replica_url = f"postgres://postgres@127.0.0.1:{replica_port}/{name}?sslmode=disable"
    replica_started = False
    server = None
    try:
        result = subprocess.run(as_postgres([postgres_bin("pg_basebackup"), "-h", host, "-p", port, "-U", "postgres",
                                             "-D", replica_dir, "-X", "stream", "-c", "fast", "-R"]),
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        # A hot standby needs at least the primary's connection limit (the test server raises it on its command line).
        connections = psql(POSTGRES_SERVER, "SHOW max_connections").strip()
        result = subprocess.run(as_postgres([postgres_bin("pg_ctl"), "-D", replica_dir, "-l", f"{replica_dir}/server.log", "-w",
                                             "-o", f"-p {replica_port} -k /tmp -c listen_addresses=127.0.0.1 -c max_connections={connections}",
                                             "start"]),
                                capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = open(f"{replica_dir}/server.log").read()[-3000:] if os.path.exists(f"{replica_dir}/server.log") else ""
            raise AssertionError(result.stdout + result.stderr + log)
        replica_started = True
        assert psql(replica_url, "SELECT pg_is_in_recovery()").strip() == "t"

        server = Server(f"{base}/{name}?sslmode=disable", "postgres", str(tmp_path))
        server.start(extra_env={"TOUCHPOINT_DATABASE_READ_URL": replica_url})
        status, health = server.get("/health")
        assert status == 200 and health["replica"]["status"] == "ok", health

        send_orders(server, "before", 5)
        assert wait_for(lambda: orders_counted(server) == 5), "the replica should catch up with the first orders"

        psql(replica_url, "SELECT pg_wal_replay_pause()")
        send_orders(server, "during", 3)
        status, timeline = server.get("/api/v1/profiles/user_id:during-0/timeline")
        assert status == 200 and timeline["events"], "the primary's read-your-writes path sees the new order at once"
        status, health = server.get("/health")
        assert health["status"] == "ok" and health["replica"]["lagBytes"] > 0, health
        assert orders_counted(server) == 5, "the pyramid reads the paused replica"
        with urllib.request.urlopen(server.base + "/metrics", timeout=10) as response:
            metrics = response.read().decode()
        lag_lines = [line for line in metrics.splitlines() if line.startswith("touchpoint_replica_lag_bytes")]
        assert lag_lines and float(lag_lines[0].split()[-1]) > 0, lag_lines

        psql(replica_url, "SELECT pg_wal_replay_resume()")
        assert wait_for(lambda: orders_counted(server) == 8), "after replay resumes the pyramid counts the new orders"
        assert wait_for(lambda: server.get("/health")[1]["replica"]["lagSeconds"] < 5), "the lag shrinks once replay resumes"
    finally:
        if server:
            server.kill(signal.SIGTERM)
        if replica_started:
            subprocess.run(as_postgres([postgres_bin("pg_ctl"), "-D", replica_dir, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(replica_dir, ignore_errors=True)
        psql(POSTGRES_SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
