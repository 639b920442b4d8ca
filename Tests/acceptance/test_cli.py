"""The command line as a newcomer uses it."""
import json
import os
import subprocess

from conftest import BINARY, Server


def test_import_events_reports_accepted_and_rejected_lines(tmp_path):
    lines = [
        json.dumps({"type": "identify", "userId": "imp-1", "traits": {"email": "imp@example.com"}, "timestamp": "2025-05-01T10:00:00Z"}),
        "",
        "{not json",
        json.dumps({"type": "track", "event": "No identity"}),
        json.dumps({"type": "track", "userId": "imp-1", "event": "Order Completed", "timestamp": "2025-05-02T10:00:00Z", "messageId": "imp-m1"}),
        json.dumps({"type": "track", "userId": "imp-1", "event": "Order Completed", "timestamp": "2025-05-02T10:00:00Z", "messageId": "imp-m1"}),
    ]
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n")
    database = f"sqlite:{tmp_path}/cli.sqlite"
    result = subprocess.run([BINARY, "import", "events", str(path), "--database", database],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 1, result.stderr  # lines were rejected: a script must not take this for a clean import
    assert "2 of" in result.stderr and "were rejected" in result.stderr
    assert "stored     2" in result.stdout
    assert "duplicates 1" in result.stdout
    assert "rejected   2" in result.stdout
    assert "line 3" in result.stdout and "line 4" in result.stdout
    assert "%" in result.stderr  # progress

    server = Server(database, "sqlite", str(tmp_path)).start()
    try:
        status, profile = server.get("/api/v1/profiles/email:imp@example.com")
        assert status == 200 and profile["eventCount"] == 2
        first = profile["firstSeen"]
        assert first.startswith("2025-05-01T10:00:00")
    finally:
        server.kill()


def test_bad_configuration_says_what_to_set(tmp_path):
    result = subprocess.run([BINARY, "migrate", "--database", "mysql://nope"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode != 0
    assert "postgres://" in result.stderr and "sqlite:" in result.stderr
    env = dict(os.environ, TOUCHPOINT_PORT="eighty")
    result = subprocess.run([BINARY, "serve"], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=30)
    assert result.returncode != 0
    assert "TOUCHPOINT_PORT" in result.stderr


def test_first_start_prints_an_admin_token_once(tmp_path):
    database = f"sqlite:{tmp_path}/first.sqlite"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOUCHPOINT_")}
    first = subprocess.run([BINARY, "migrate", "--database", database], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert "Admin API token" in first.stdout
    second = subprocess.run([BINARY, "migrate", "--database", database], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert "Admin API token" not in second.stdout


def test_start_up_errors_say_what_to_do(tmp_path):
    """A newcomer's likely mistakes get a message that names the fix, before anything is migrated or started."""
    busy = Server(f"sqlite:{tmp_path}/busy.sqlite", "sqlite", str(tmp_path)).start()
    try:
        result = subprocess.run([BINARY, "serve", "--port", str(busy.port), "--database", f"sqlite:{tmp_path}/other.sqlite"],
                                capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert result.returncode != 0
        assert f"port {busy.port} is in use: choose another with --port or TOUCHPOINT_PORT" in result.stderr, result.stderr
        assert not os.path.exists(tmp_path / "other.sqlite"), "nothing was created or migrated"
    finally:
        busy.kill()
    missing = subprocess.run([BINARY, "migrate", "--database", f"sqlite:{tmp_path}/no/such/folder/db.sqlite"],
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert missing.returncode != 0 and "does not exist" in missing.stderr and "mkdir -p" in missing.stderr, missing.stderr
    folder = subprocess.run([BINARY, "migrate", "--database", f"sqlite:{tmp_path}/"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert folder.returncode != 0 and "is a folder" in folder.stderr, folder.stderr
