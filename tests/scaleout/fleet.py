"""Real scheduler processes (`python -m adapters.cli run --role scheduler`) on one PostgreSQL database.

Their Slack Web API is a fake in this test process that counts what each channel receives (so its count survives a
sender that dies mid-send); the ledger is read straight from the database; nothing here sleeps a fixed time to let
something happen, it polls for the state it waits for.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
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
    request_queue_size = 256  # a fleet opens dozens of connections at once

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a sender killed mid-request leaves a broken pipe behind: expected here


DISCORD_EPOCH_MS = 1_420_070_400_000


class FakeChatApi:
    """A chat platform's far end on 127.0.0.1 that counts each post per channel when it arrives and keeps it.

    ``slack`` speaks Slack's Web API (``chat.postMessage`` with metadata, ``conversations.history``); otherwise
    Discord's REST API (``POST``/``GET /channels/{id}/messages``, ``nonce`` with ``enforce_nonce``). ``faults``
    maps the n-th post (from 1) to ``"drop"`` (posted, then the connection dropped unanswered) or ``"hang"``
    (posted, then no answer for ``hang_seconds``).
    """

    def __init__(
        self, delay: float, *, slack: bool = True, faults: dict[int, str] | None = None, hang_seconds: float = 5.0
    ) -> None:
        self.delay = delay
        self.slack = slack
        self.faults = dict(faults or {})
        self.hang_seconds = hang_seconds
        self.posts: Counter[str] = Counter()
        self.faulted: list[str] = []
        self._messages: dict[str, list[dict[str, object]]] = {}
        self._nonces: dict[tuple[str, str], dict[str, object]] = {}
        self._count = 0
        self._lock = threading.Lock()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}/api/" if self.slack else f"http://127.0.0.1:{port}/api/v10"

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

    def _post(self, channel: str, body: dict[str, object]) -> tuple[dict[str, object], str | None]:
        """Keep the message (once per nonce); the answer, and the fault to play instead of answering."""
        with self._lock:
            nonce = body.get("nonce")
            if nonce is not None and body.get("enforce_nonce") and (channel, str(nonce)) in self._nonces:
                return self._nonces[(channel, str(nonce))], None
            self._count += 1
            self.posts[channel] += 1
            now_ms = int(time.time() * 1000)
            message: dict[str, object] = {
                "id": str(((now_ms - DISCORD_EPOCH_MS) << 22) + self._count),
                "ts": f"{now_ms / 1000:.3f}{self._count % 1000:03d}",
                "channel_id": channel,
                "type": "message" if self.slack else 0,
                "text": body.get("text", ""),
                "embeds": body.get("embeds", []),
                "metadata": body.get("metadata"),
            }
            self._messages.setdefault(channel, []).append(message)
            if nonce is not None:
                self._nonces[(channel, str(nonce))] = message
            fault = self.faults.pop(self._count, None)
            if fault:
                self.faulted.append(channel)
            return message, fault

    def _history(self, channel: str, query: dict[str, str]) -> object:
        with self._lock:
            messages = list(self._messages.get(channel, []))
        if self.slack:
            oldest, latest = float(query.get("oldest") or 0), float(query.get("latest") or 1e12)
            shown = [m for m in reversed(messages) if oldest <= float(str(m["ts"])) <= latest]
            return {"ok": True, "messages": shown, "has_more": False, "response_metadata": {"next_cursor": ""}}
        after = int(query.get("after") or 0)
        return [
            {k: v for k, v in m.items() if k in ("id", "channel_id", "type", "embeds")}
            for m in reversed(messages)
            if int(str(m["id"])) > after
        ]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                path = urllib.parse.urlsplit(self.path).path
                if api.slack and path.endswith("/chat.postMessage"):
                    channel = str(body["channel"])
                    message, fault = api._post(channel, body)
                    answer: object = {"ok": True, "channel": channel, "ts": message["ts"], "message": message}
                elif not api.slack and (match := re.fullmatch(r".*/channels/(\d+)/messages", path)):
                    message, fault = api._post(match.group(1), body)
                    answer = message
                else:
                    self._answer({"ok": False, "error": "unknown_method"}, 404)
                    return
                if fault == "hang":
                    time.sleep(api.hang_seconds)
                if fault:
                    self.close_connection = True  # no answer: the client sees the connection drop
                    return
                time.sleep(api.delay)
                self._answer(answer)

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                query = dict(urllib.parse.parse_qsl(parts.query))
                if api.slack and parts.path.endswith("/conversations.history"):
                    self._answer(api._history(query["channel"], query))
                elif not api.slack and (match := re.fullmatch(r".*/channels/(\d+)/messages", parts.path)):
                    self._answer(api._history(match.group(1), query))
                else:
                    self._answer({"ok": False, "error": "unknown_method"}, 404)

            def _answer(self, answer: object, status: int = 200) -> None:
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def subscribe_channels(engine: Engine, count: int, platform: str = "slack") -> list[str]:
    """``count`` channel digests, every day at 00:00 UTC: all owe the same occurrence now."""
    channels = [f"C{i:04d}" if platform == "slack" else str(41771983423143937 + i) for i in range(count)]
    created = datetime.now(UTC) - timedelta(days=2)
    rows = [
        {
            "kind": "digest",
            "dest_key": f"{platform}:{WORKSPACE}:c:{channel}",
            "platform": platform,
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


def scheduler_env(
    database_url: str, api_url: str, data_dir: Path, *, slack: bool = True, **overrides: str
) -> dict[str, str]:
    """The environment of a scheduler process: this one's, minus any platform or database settings, plus ours.

    The delivery settings keep their defaults (batch size; claim timeout, three HTTP timeouts) except for a short
    HTTP timeout and tick, so a stopped sender's claims are taken over within seconds.
    """
    ours = ("SLACK_", "DISCORD_", "MENTOR_", "DATABASE_", "METRICS_PORT", "PORT")
    kept = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    platform = (
        {"SLACK_BOT_TOKEN": "xoxb-scaleout-test", "SLACK_API_URL": api_url}
        if slack
        else {"DISCORD_TOKEN": "discord-scaleout-test", "DISCORD_API_URL": api_url}
    )
    return (
        kept
        | platform
        | {
            "DATABASE_URL": database_url,
            "MENTOR_DATA_DIR": str(data_dir),
            "MENTOR_TICK_SECONDS": "0.5",
            "MENTOR_HTTP_TIMEOUT_SECONDS": "1",
            "MENTOR_SHUTDOWN_GRACE_SECONDS": "10",
            "MENTOR_SCHEMA_WAIT_SECONDS": "30",
            "LOG_LEVEL": "INFO",
            **overrides,
        }
    )
