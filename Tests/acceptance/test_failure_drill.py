"""The failure drill in its quick form: two nodes behind haproxy, Segment senders, kill -9 a node, restart it, stop and
restart the replica, restart PostgreSQL; nothing acknowledged is lost or stored twice, and every fault heals.

The drill brings its own PostgreSQL primary and replica (Debian's postgresql package) and haproxy (apt-get install
haproxy; .ci/run installs both), so it runs beside the other PostgreSQL tests but never touches their server.
"""
import json
import os
import subprocess
import sys

import pytest

from conftest import BINARY, POSTGRES_SERVER, ROOT

pytestmark = pytest.mark.skipif(not POSTGRES_SERVER, reason="TOUCHPOINT_TEST_POSTGRES_URL is not set (PostgreSQL tests off)")


def test_quick_failure_drill_loses_nothing_and_every_fault_heals(tmp_path):
    report = tmp_path / "drill.json"
    result = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "failure-drill"), "--quick", "--binary", BINARY,
                             "--json", str(report)], capture_output=True, text=True, timeout=240)
    output = result.stdout[-6000:] + result.stderr[-4000:]
    assert report.exists(), output
    figures = json.loads(report.read_text())
    # What went wrong first, then the drill's report and logs.
    output = "\n".join(figures["problems"] + figures["diagnoses"]) + "\n\n" + output
    assert figures["lost"] == 0, output
    assert figures["duplicates"] == 0, output
    assert figures["acknowledged"] > 3000, output  # 400 events/s for the whole drill, a few thousand at the very least
    assert set(figures["faults"]) == {"kill_node", "restart_node", "stop_replica", "restart_replica", "restart_primary"}
    for name, fault in figures["faults"].items():
        assert isinstance(fault["heal_seconds"], (int, float)), (name, fault, output)
    assert result.returncode == 0 and figures["passed"], output
