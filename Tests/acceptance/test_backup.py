"""Backup and restore: a copy taken while the server takes traffic holds every event acknowledged before it began.

SQLite: `touchpoint backup` under load, then `touchpoint restore` and a server on the restored file.
PostgreSQL: the documented procedure (docs/operations.md) — `pg_basebackup` of the running cluster under load, a second
PostgreSQL started on the copy, and a Touchpoint server on it.
"""
import shutil
import signal
import subprocess
import threading
import time
import uuid

import pytest

from conftest import BINARY, POSTGRES_SERVER, Server, as_postgres, free_port, postgres_bin, postgres_data_dir, timeline_message_ids


class Load:
    """Senders posting batches with the write key; remembers what was acknowledged and when."""

    def __init__(self, server, prefix, workers=4):
        self.server = server
        self.prefix = prefix
        self.workers = workers
        self.acknowledged = []  # (time acknowledged, messageId)
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.send, args=(worker,)) for worker in range(workers)]

    def send(self, worker):
        sequence = 0
        while not self.stop.is_set():
            batch = []
            for _ in range(25):
                sequence += 1
                batch.append({"type": "track", "userId": f"{self.prefix}-{worker}-{sequence % 7}", "event": "Backup Load",
                              "messageId": f"{self.prefix}-{worker}-{sequence}-{uuid.uuid4().hex[:6]}"})
            try:
                status, _ = self.server.request("POST", "/v1/batch", {"batch": batch}, auth="write")
            except Exception:
                return
            if status == 200:
                now = time.time()
                with self.lock:
                    self.acknowledged.extend((now, message["messageId"]) for message in batch)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def acknowledged_before(self, moment):
        with self.lock:
            return {message for at, message in self.acknowledged if at < moment}


def stored_messages(server, prefix, workers):
    """Every message id stored for the load's people (duplicates kept)."""
    return timeline_message_ids(server, [f"{prefix}-{worker}-{user}" for worker in range(workers) for user in range(7)])


def assert_every_acknowledged_event_once(server, load, before):
    stored = stored_messages(server, load.prefix, load.workers)
    assert len(stored) == len(set(stored)), "no event twice"
    missing = before - set(stored)
    assert not missing, f"{len(missing)} acknowledged events missing from the restored copy"


def test_sqlite_backup_under_load_restores_every_acknowledged_event(tmp_path):
    database = tmp_path / "live.sqlite"
    backup = tmp_path / "backup.sqlite"
    server = Server(f"sqlite:{database}", "sqlite", str(tmp_path)).start()
    try:
        with Load(server, "bk") as load:
            time.sleep(2)
            began = time.time()
            result = subprocess.run([BINARY, "backup", str(backup), "--database", f"sqlite:{database}"],
                                    capture_output=True, text=True, timeout=120)
            assert result.returncode == 0, result.stderr
            assert "Backed up" in result.stdout
            time.sleep(1)  # the load goes on after the backup
        before = load.acknowledged_before(began)
        assert len(before) > 200, "the load should have been acknowledged for a while before the backup"
        again = subprocess.run([BINARY, "backup", str(backup), "--database", f"sqlite:{database}"], capture_output=True, text=True)
        assert again.returncode != 0 and "never overwrites" in again.stderr
    finally:
        server.kill()  # kill -9: the live database is not needed any more

    restored = tmp_path / "restored.sqlite"
    result = subprocess.run([BINARY, "restore", str(backup), "--database", f"sqlite:{restored}"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    refused = subprocess.run([BINARY, "restore", str(backup), "--database", f"sqlite:{restored}"], capture_output=True, text=True)
    assert refused.returncode != 0 and "--force" in refused.stderr
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    refused = subprocess.run([BINARY, "restore", str(not_a_backup), "--database", f"sqlite:{tmp_path}/other.sqlite"], capture_output=True, text=True)
    assert refused.returncode != 0 and "not a SQLite database" in refused.stderr

    server = Server(f"sqlite:{restored}", "sqlite", str(tmp_path)).start()
    try:
        assert_every_acknowledged_event_once(server, load, before)
    finally:
        server.kill(signal.SIGTERM)


@pytest.mark.skipif(not POSTGRES_SERVER, reason="TOUCHPOINT_TEST_POSTGRES_URL is not set")
def test_postgres_base_backup_under_load_restores_every_acknowledged_event(tmp_path):
    from conftest import psql
    name = "touchpoint_backup_" + uuid.uuid4().hex[:10]
    psql(POSTGRES_SERVER, f"CREATE DATABASE {name}")
    base = POSTGRES_SERVER.split("?")[0].rsplit("/", 1)[0]
    host_port = base.rsplit("@", 1)[1]
    host, port = host_port.split(":")
    copy_dir = postgres_data_dir()
    copy_port = free_port()
    server = Server(f"{base}/{name}?sslmode=disable", "postgres", str(tmp_path)).start()
    copy_started = False
    try:
        with Load(server, "pgbk") as load:
            time.sleep(2)
            began = time.time()
            result = subprocess.run(as_postgres([postgres_bin("pg_basebackup"), "-h", host, "-p", port, "-U", "postgres",
                                                 "-D", copy_dir, "-X", "stream", "-c", "fast"]),
                                    capture_output=True, text=True, timeout=300)
            assert result.returncode == 0, result.stderr
            time.sleep(1)
        before = load.acknowledged_before(began)
        assert len(before) > 200
        server.kill(signal.SIGTERM)

        # A second PostgreSQL on the copy, as a restored server would run.
        result = subprocess.run(as_postgres([postgres_bin("pg_ctl"), "-D", copy_dir, "-l", f"{copy_dir}/server.log", "-w",
                                             "-o", f"-p {copy_port} -k /tmp -c listen_addresses=127.0.0.1", "start"]),
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        copy_started = True
        restored = Server(f"postgres://postgres@127.0.0.1:{copy_port}/{name}?sslmode=disable", "postgres", str(tmp_path)).start()
        try:
            assert_every_acknowledged_event_once(restored, load, before)
        finally:
            restored.kill(signal.SIGTERM)
    finally:
        server.kill(signal.SIGTERM)
        if copy_started:
            subprocess.run(as_postgres([postgres_bin("pg_ctl"), "-D", copy_dir, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(copy_dir, ignore_errors=True)
        psql(POSTGRES_SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
