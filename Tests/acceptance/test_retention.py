"""Retention per source with the real binary: events older than a source's retention go (on PostgreSQL their month's
partition is dropped whole), while profiles keep what those events built."""
import os
import signal
import sqlite3
import subprocess
import time

from segment.analytics.client import Client

from conftest import BINARY, WRITE_KEY, Server, psql

DAY_MS = 86_400_000


def run_cli(*args, database_url):
    return subprocess.run([BINARY, "retention", *args, "--database", database_url], capture_output=True, text=True, timeout=120)


def test_old_events_go_and_profiles_stay(database, tmp_path):
    kind, url = database
    server = Server(url, kind, str(tmp_path)).start()
    try:
        errors = []
        client = Client(write_key=WRITE_KEY, host=server.base, sync_mode=True, on_error=lambda e, b: errors.append(e))
        for index in range(60):
            client.track(f"kept-{index % 6}", "Product Viewed", {"sku": f"sku-{index}"}, message_id=f"retention-{index:02d}")
        client.flush()
        assert errors == []
        status, sources = server.get("/api/v1/sources")
        assert status == 200
        source = sources[0]["id"]
        status, log = server.get("/api/v1/event-log")
        assert status == 200
        assert log["partitioned"] == (kind == "postgres")
        assert sum(month["events"].get(source, 0) for month in log["months"]) == 60
    finally:
        server.kill(signal.SIGTERM)

    # Half the events were received 100 days ago (as if the server had been collecting that long).
    # Every user's first, third, fifth… round of events (five of their ten) is old.
    old = [f"retention-{index:02d}" for index in range(60) if (index // 6) % 2 == 0]
    listed = ", ".join(f"'{message}'" for message in old)
    if kind == "postgres":
        psql(url, f"UPDATE events SET received_at = received_at - 100 * {DAY_MS}::bigint WHERE message_id IN ({listed})")
    else:
        with sqlite3.connect(url.removeprefix("sqlite:")) as connection:
            connection.execute(f"UPDATE events SET received_at = received_at - 100 * {DAY_MS} WHERE message_id IN ({listed})")

    refused = run_cli("--source", source, "--days", "3", database_url=url)
    assert refused.returncode != 0 and "7" in refused.stderr, refused.stderr
    unknown = run_cli("--source", "no-such-source", "--days", "30", database_url=url)
    assert unknown.returncode != 0 and "GET /api/v1/sources" in unknown.stderr, unknown.stderr
    set_retention = run_cli("--source", source, "--days", "30", database_url=url)
    assert set_retention.returncode == 0, set_retention.stderr
    assert "30 days" in set_retention.stdout
    applied = run_cli(database_url=url)
    assert applied.returncode == 0, applied.stderr
    assert "30 events removed" in applied.stdout, applied.stdout
    if kind == "postgres":
        assert "months dropped whole" in applied.stdout, applied.stdout
        assert psql(url, "SELECT COUNT(*) FROM events_default").strip() == "0"
    again = run_cli(database_url=url)
    assert "0 events removed" in again.stdout, again.stdout

    server = Server(url, kind, str(tmp_path)).start()
    try:
        for user in range(6):
            status, profile = server.get(f"/api/v1/profiles/user_id:kept-{user}")
            assert status == 200
            assert profile["eventCount"] == 10, "the profile keeps its counters"
            status, timeline = server.get(f"/api/v1/profiles/user_id:kept-{user}/timeline?limit=50")
            assert status == 200
            assert {event["messageId"] for event in timeline["events"]}.isdisjoint(old)
            assert len(timeline["events"]) == 5
        status, sources = server.get("/api/v1/sources")
        assert sources[0]["retentionDays"] == 30
        # A message id still stored is a duplicate; one whose event is gone is new to the log again.
        client = Client(write_key=WRITE_KEY, host=server.base, sync_mode=True)
        client.track("kept-0", "Product Viewed", {}, message_id="retention-06")
        client.track("kept-0", "Product Viewed", {}, message_id="retention-00")
        client.flush()
        status, profile = server.get("/api/v1/profiles/user_id:kept-0")
        assert profile["eventCount"] == 11
    finally:
        server.kill(signal.SIGTERM)
