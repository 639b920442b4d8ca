"""The README's main command, `touchpoint serve --demo`, as a new user runs it on a busy machine: it loads the whole demo
company to completion with both cores taken by other work, says how far it got, and after a kill -9 in the middle it
resumes on the next start instead of serving half a company."""
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time

from conftest import Server


def cpu_hogs(count):
    """Processes that keep `count` cores busy, as other work on the machine would."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def log_text(server):
    with open(server.log_path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def wait_for_line(server, pattern, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if re.search(pattern, log_text(server)):
            return
        if server.process.poll() is not None:
            raise AssertionError("the server exited:\n" + log_text(server)[-3000:])
        time.sleep(0.5)
    raise AssertionError(f"no line matching {pattern!r} within {timeout} s:\n" + log_text(server)[-3000:])


def test_demo_loads_under_load_and_resumes_after_a_kill(tmp_path):
    database = tmp_path / "demo.sqlite"
    server = Server(f"sqlite:{database}", "sqlite", str(tmp_path))
    hogs = cpu_hogs(os.cpu_count() or 2)
    try:
        # Interrupted mid-way through the events...
        server.start(extra_args=["--demo"], wait=False)
        wait_for_line(server, r"demo: events [1-9]0 %", timeout=900)
        server.kill(signal.SIGKILL)

        # ...and started again: it says it resumes, goes on to the end, and only then serves.
        server.start(extra_args=["--demo"], wait=False)
        server.wait_healthy(timeout=1500)
        log = log_text(server)
        assert "demo: resuming an interrupted load" in log, log[-3000:]
        assert re.search(r"demo: service desk 100 % \(400 of 400 cases\)", log), log[-3000:]
        assert "demo: ready" in log
        assert "connectionRequestTimeout" not in log and "timed out" not in log.lower()

        with sqlite3.connect(database) as db:
            demo_events = db.execute("SELECT COUNT(*) FROM events e JOIN sources s ON s.id = e.source_id WHERE s.name = 'demo'").fetchone()[0]
            duplicates = db.execute("SELECT COUNT(*) FROM (SELECT source_id, message_id FROM events GROUP BY 1, 2 HAVING COUNT(*) > 1)").fetchone()[0]
            # The desk's 400 cases: those customers opened and the delay notices the company sent first.
            cases = db.execute("SELECT COUNT(*) FROM cases WHERE origin IN ('customer', 'proactive')").fetchone()[0]
            proactive = db.execute("SELECT COUNT(*) FROM cases WHERE origin = 'proactive'").fetchone()[0]
            # The closed loop opens follow-ups for the demo's recent detractor answers, one per person.
            follow_ups = db.execute("SELECT COUNT(*), COUNT(DISTINCT profile_id) FROM cases WHERE origin = 'feedback'").fetchone()
            twice = db.execute("SELECT COUNT(*) FROM (SELECT subject, created_at FROM cases GROUP BY 1, 2 HAVING COUNT(*) > 1)").fetchone()[0]
            state = db.execute("SELECT body FROM installation_state WHERE name = 'demo_load'").fetchone()[0]
        total = int(re.findall(r"demo: events 100 % \(\d+ of (\d+)\)", log)[-1])
        assert demo_events == total, (demo_events, total)
        assert duplicates == 0
        assert cases == 400 and twice == 0, (cases, twice)
        assert 0 < proactive < 100, proactive
        assert follow_ups[0] >= 1 and follow_ups[0] == follow_ups[1], follow_ups
        assert '"phase":"done"' in state.replace(" ", "")
    finally:
        for hog in hogs:
            hog.kill()
        server.kill(signal.SIGTERM)

    # A third start with --demo changes nothing and says so; the demo's surveys and a year of answers are there.
    server.start(extra_args=["--demo"], timeout=120)
    try:
        assert "already loaded" in log_text(server)
        status, surveys = server.get("/api/v1/surveys")
        assert status == 200 and {s["id"] for s in surveys["surveys"]} >= {"nps_post_purchase", "csat_contact", "ces_chat", "recovery"}, surveys
        status, report = server.get("/api/v1/feedback/report?type=nps")
        assert status == 200 and report["responses"] > 20 and report["nps"] is not None, report
        status, loop = server.get("/api/v1/feedback/loop")
        assert status == 200 and loop["opened"] >= 1, loop
        with sqlite3.connect(database) as db:
            languages = {row[0] for row in db.execute("SELECT DISTINCT locale FROM survey_answers WHERE comment IS NOT NULL")}
        assert {"pl", "en", "ru"} <= languages, languages
        # Decisions: segments with members, 15+ actions, and a year of decisions with outcomes for the report.
        status, segments = server.get("/api/v1/segments")
        assert status == 200 and len(segments["segments"]) >= 8 and sum(s["members"] for s in segments["segments"]) > 0, segments
        status, actions = server.get("/api/v1/actions")
        assert status == 200 and len(actions["actions"]) >= 15, actions
        status, year = server.get("/api/v1/decisions/report?from=" + time.strftime("%Y-%m-%d", time.gmtime(time.time() - 366 * 86400)))
        assert status == 200 and year["decisions"] >= 600, year
        assert sum(a["accepted"] for a in year["actions"]) > 0 and year["removals"], year
    finally:
        server.kill(signal.SIGTERM)
