"""Acceptance tests: the real `touchpoint` binary, real databases, real clients.

The server under test is started as a separate process, exactly as a user starts it. Each test that takes the
`server` fixture runs on SQLite and, when TOUCHPOINT_TEST_POSTGRES_URL names a server, on PostgreSQL too.
"""
import base64
import json
import os
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("TOUCHPOINT_BINARY", os.path.join(ROOT, ".build", "debug", "touchpoint"))
ADMIN_TOKEN = "acceptance-admin-token-0123456789"
WRITE_KEY = "acceptance-write-key"
POSTGRES_SERVER = os.environ.get("TOUCHPOINT_TEST_POSTGRES_URL", "")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(server_url, sql):
    """Runs SQL on the PostgreSQL server with the psql client (no Python driver needed)."""
    url = server_url.split("?")[0]
    return subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], check=True,
                          capture_output=True, text=True).stdout


class Server:
    """A running `touchpoint serve` process on its own database."""

    def __init__(self, database_url, kind, workdir):
        self.database_url = database_url
        self.kind = kind
        self.workdir = workdir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log_path = os.path.join(workdir, f"server-{self.port}.log")

    def start(self, extra_args=(), timeout=60, extra_env=None, wait=True):
        env = dict(os.environ, TOUCHPOINT_ADMIN_TOKEN=ADMIN_TOKEN, TOUCHPOINT_WRITE_KEY=WRITE_KEY, LOG_LEVEL="warning", **(extra_env or {}))
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--port", str(self.port), "--database", self.database_url, *extra_args],
            cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        if not wait:
            return self
        return self.wait_healthy(timeout)

    def wait_healthy(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {open(self.log_path).read()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=1) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError("server did not become healthy")

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)
        self.log.close()

    def request(self, method, path, body=None, headers=None, auth="admin"):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth == "admin":
            request.add_header("Authorization", f"Bearer {ADMIN_TOKEN}")
        elif auth == "write":
            request.add_header("Authorization", "Basic " + base64.b64encode(f"{WRITE_KEY}:".encode()).decode())
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def get(self, path):
        return self.request("GET", path)


def timeline_message_ids(server, user_ids):
    """Every message id stored for these userIds, read back through their timelines page by page (duplicates kept)."""
    stored = []
    for user_id in user_ids:
        cursor = None
        while True:
            path = f"/api/v1/profiles/user_id:{user_id}/timeline?limit=500"
            if cursor:
                path += f"&before={cursor}"
            status, page = server.get(path)
            if status != 200:
                break
            stored.extend(event["messageId"] for event in page["events"])
            cursor = page["nextCursor"]
            if not cursor:
                break
    return stored


def as_postgres(command):
    """A PostgreSQL server program runs as the postgres user when the tests run as root (as in CI)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def postgres_bin(name):
    versions = sorted(os.listdir("/usr/lib/postgresql"), key=lambda v: int(v.split(".")[0]))
    return f"/usr/lib/postgresql/{versions[-1]}/bin/{name}"


def postgres_data_dir():
    """An empty directory a second PostgreSQL can own (mode 0700, owned by postgres when running as root)."""
    import shutil
    path = f"/tmp/touchpoint-pgdata-{uuid.uuid4().hex[:8]}"
    os.makedirs(path)
    if os.getuid() == 0:
        shutil.chown(path, "postgres")
    os.chmod(path, 0o700)
    return path


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path):
    """A fresh database URL of each kind (PostgreSQL only when a server is configured)."""
    if request.param == "sqlite":
        yield ("sqlite", f"sqlite:{tmp_path}/touchpoint.sqlite")
        return
    if not POSTGRES_SERVER:
        pytest.skip("TOUCHPOINT_TEST_POSTGRES_URL is not set")
    name = "touchpoint_accept_" + uuid.uuid4().hex[:10]
    psql(POSTGRES_SERVER, f"CREATE DATABASE {name}")
    base = POSTGRES_SERVER.split("?")[0].rsplit("/", 1)[0]
    yield ("postgres", f"{base}/{name}?sslmode=disable")
    psql(POSTGRES_SERVER, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def server(database, tmp_path):
    kind, url = database
    running = Server(url, kind, str(tmp_path)).start()
    yield running
    running.kill(signal.SIGTERM)
