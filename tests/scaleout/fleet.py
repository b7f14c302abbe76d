"""Real scheduler processes (`python -m adapters.cli run --role scheduler`) on one PostgreSQL database.

Their Slack Web API is a fake in this test process that counts what each channel receives (so its count survives a
sender that dies mid-send); the ledger is read straight from the database; nothing here sleeps a fixed time to let
something happen, it polls for the state it waits for.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, insert, text

from adapters.leader import current_leader
from adapters.sql.tables import ScheduleRow

T = TypeVar("T")

WORKSPACE = "T1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(probe: Callable[[], T], what: str, timeout: float = 60.0, every: float = 0.05) -> T:
    """Poll ``probe`` until it returns something truthy; fail with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a sender killed mid-request leaves a broken pipe behind: expected here


class FakeChatApi:
    """Slack's ``chat.postMessage`` on 127.0.0.1: counts each post when it arrives, answers after ``delay``."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.posts: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def start(self) -> FakeChatApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def total(self) -> int:
        with self._lock:
            return sum(self.posts.values())

    def received(self) -> Counter[str]:
        with self._lock:
            return Counter(self.posts)

    def _record(self, channel: str) -> None:
        with self._lock:
            self.posts[channel] += 1

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.endswith("/chat.postMessage"):
                    channel = str(json.loads(body)["channel"])
                    api._record(channel)
                    time.sleep(api.delay)
                    answer = {"ok": True, "channel": channel, "ts": f"{time.time():.6f}"}
                else:
                    answer = {"ok": False, "error": "unknown_method"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def subscribe_channels(engine: Engine, count: int) -> list[str]:
    """``count`` channel digests, every day at 00:00 UTC: all owe the same occurrence now."""
    channels = [f"C{i:04d}" for i in range(count)]
    created = datetime.now(UTC) - timedelta(days=2)
    rows = [
        {
            "kind": "digest",
            "dest_key": f"slack:{WORKSPACE}:c:{channel}",
            "platform": "slack",
            "workspace": WORKSPACE,
            "channel": channel,
            "user_id": None,
            "days": "0,1,2,3,4,5,6",
            "at": "00:00",
            "timezone": "UTC",
            "created_at": created,
        }
        for channel in channels
    ]
    with engine.begin() as connection:
        connection.execute(insert(ScheduleRow), rows)
    return channels


class Ledger:
    """Reads the delivery ledger straight from the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def states(self) -> Counter[str]:
        with self.engine.connect() as connection:
            rows = connection.execute(text("SELECT state, count(*) FROM deliveries GROUP BY state"))
            return Counter({str(state): int(n) for state, n in rows})

    def claimed_by(self, pid: int) -> int:
        with self.engine.connect() as connection:
            query = text("SELECT count(*) FROM deliveries WHERE state = 'claimed' AND owner LIKE :owner")
            return int(connection.execute(query, {"owner": f"%:{pid}:%"}).scalar_one())

    def rows(self) -> dict[str, tuple[str, str | None]]:
        """Channel -> (state, owner)."""
        with self.engine.connect() as connection:
            rows = connection.execute(text("SELECT channel, state, owner FROM deliveries"))
            return {str(channel): (str(state), owner) for channel, state, owner in rows}

    def leader_pid(self) -> int | None:
        owner = current_leader(self.engine)
        return int(owner.split(":")[1]) if owner else None


class Scheduler:
    """One `mentor run --role scheduler` subprocess with a short tick, its logs in a file."""

    def __init__(self, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.metrics_port = free_port()
        self.log = workdir / f"{name}.log"
        command = [sys.executable, "-m", "adapters.cli", "run", "--role", "scheduler"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=env | {"METRICS_PORT": str(self.metrics_port)},
                cwd=workdir,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def healthz(self) -> dict[str, object] | None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/healthz", timeout=2) as response:
                return dict(json.loads(response.read()))
        except OSError:
            return None

    def metrics(self) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.metrics_port}/metrics", timeout=5) as response:
            return str(response.read().decode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def wait(self, timeout: float) -> int:
        return self.process.wait(timeout=timeout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def scheduler_env(database_url: str, api_url: str, data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a scheduler process: this one's, minus any platform or database settings, plus ours."""
    ours = ("SLACK_", "DISCORD_", "MENTOR_", "DATABASE_", "METRICS_PORT", "PORT")
    kept = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return kept | {
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-scaleout-test",
        "SLACK_API_URL": api_url,
        "MENTOR_DATA_DIR": str(data_dir),
        "MENTOR_TICK_SECONDS": "0.5",
        "MENTOR_DELIVERY_BATCH_SIZE": "10",
        "MENTOR_CLAIM_TIMEOUT_SECONDS": "8",
        "MENTOR_SHUTDOWN_GRACE_SECONDS": "10",
        "MENTOR_SCHEMA_WAIT_SECONDS": "30",
        "LOG_LEVEL": "INFO",
        **overrides,
    }
