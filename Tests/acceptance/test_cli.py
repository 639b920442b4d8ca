"""The command line as a newcomer uses it."""
import json
import os
import subprocess

import pytest

from conftest import BINARY, ROOT, Server


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


def test_import_transactions_keeps_repeated_rows_and_stores_each_purchase_once(tmp_path):
    path = tmp_path / "purchases.csv"
    # Lines 2 and 3: two identical items bought the same day (no order id in the export).
    path.write_text("customer_id,date,amount\ntx-1,2025-03-01,19.99\ntx-1,2025-03-01,19.99\ntx-2,2025-03-02,5\n")
    database = f"sqlite:{tmp_path}/transactions.sqlite"

    def run(*extra):
        return subprocess.run([BINARY, "import", "transactions", str(path), "--database", database, *extra],
                              capture_output=True, text=True, cwd=tmp_path, timeout=120)

    first = run()
    assert first.returncode == 0, first.stderr
    assert "warning: 1 row repeats an earlier row exactly (line 3 = line 2); kept as a separate purchase" in first.stderr
    assert "--drop-repeated-rows" in first.stderr
    assert "3 rows, 3 accepted, 0 rejected; 3 stored as Order Completed, 0 already there" in first.stdout, first.stdout
    assert "Repeated rows: 1 repeats an earlier row exactly and counts as a separate purchase" in first.stdout
    # The same file again: every purchase is recognised, the repeat included.
    again = run()
    assert again.returncode == 0, again.stderr
    assert "3 stored" not in again.stdout and "0 stored as Order Completed, 3 already there" in again.stdout, again.stdout
    # Dropping the repeat imports the first two purchases, both already there.
    dropped = run("--drop-repeated-rows")
    assert dropped.returncode == 0, dropped.stderr
    assert "note: 1 row repeating an earlier row exactly dropped (--drop-repeated-rows)" in dropped.stderr
    assert "3 rows, 2 accepted, 0 rejected; 0 stored as Order Completed, 2 already there" in dropped.stdout, dropped.stdout


def test_value_fit_counts_repeated_rows_unless_told_to_drop_them(tmp_path):
    # The CDNOW sample as a shop exports it: without the record column, 21 rows repeat an earlier one.
    with open(os.path.join(ROOT, "Tests", "TouchpointDomainTests", "Fixtures", "cdnow_sample.csv")) as source:
        rows = [",".join(line.rstrip("\n").split(",")[:4]) for line in source]
    path = tmp_path / "cdnow.csv"
    path.write_text("\n".join(rows) + "\n")
    fit = [BINARY, "value", "fit", "--transactions", str(path), "--until", "1997-09-30", "--unit", "week"]

    kept = subprocess.run(fit + ["--json"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert kept.returncode == 0, kept.stderr
    assert "warning:" in kept.stderr and "21 rows repeat an earlier row exactly (line 404 = line 403" in kept.stderr, kept.stderr
    kept_fit = json.loads(kept.stdout)
    assert kept_fit["customers"] == 2357
    assert kept_fit["gammaGamma"]["gamma"] == pytest.approx(15.44, abs=0.005)  # the paper's figure, from the transactions

    table = subprocess.run(fit, capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert table.returncode == 0, table.stderr
    assert "Repeated rows: 21 repeat an earlier row exactly and count as separate purchases" in table.stdout, table.stdout

    dropped = subprocess.run(fit + ["--json", "--drop-repeated-rows"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert dropped.returncode == 0, dropped.stderr
    assert "21 rows repeating an earlier row exactly dropped" in dropped.stderr, dropped.stderr
    dropped_fit = json.loads(dropped.stdout)
    # Same-day repeats change no purchase day, so BG/NBD is the same; four fall on repeat days and change the spend.
    for name, value in kept_fit["bgnbd"].items():
        assert dropped_fit["bgnbd"][name] == pytest.approx(value, rel=1e-9), name
    assert dropped_fit["gammaGamma"] != kept_fit["gammaGamma"]


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
