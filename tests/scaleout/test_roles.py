"""`mentor run --role web|discord` as real processes against the fakes: health, metrics, a clean SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio

from adapters.roles import Role, RoleError, parts_of
from adapters.settings import Settings
from tests.discord.fake_discord import FakeDiscord
from tests.discord.fake_gateway import FakeGateway
from tests.scaleout.fleet import free_port
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_http import SECRET, SlackSender

OURS = ("SLACK_", "DISCORD_", "MENTOR_", "DATABASE_", "METRICS_PORT", "PORT")


def role_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    kept = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    shared = {"MENTOR_VECTORS_DIR": os.environ["MENTOR_VECTORS_DIR"]}  # encoded once for the whole test session
    return kept | shared | {"MENTOR_DATA_DIR": str(tmp_path), "LOG_LEVEL": "INFO", **settings}


@asynccontextmanager
async def running(role: str, env: dict[str, str], workdir: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """`mentor run --role ROLE`; on the way out it must stop on SIGTERM with status 0."""
    log = (workdir / f"{role}.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "adapters.cli", "run", "--role", role, env=env, cwd=workdir, stdout=log, stderr=log
    )
    try:
        yield process
        process.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(process.wait(), 30)
        assert status == 0, (workdir / f"{role}.log").read_text()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        log.close()


async def get(url: str, timeout: float = 60.0) -> tuple[int, str]:
    """GET ``url`` once it answers at all (the process may still be starting)."""
    async with aiohttp.ClientSession() as session:
        for _ in range(int(timeout / 0.1)):
            try:
                async with session.get(url) as response:
                    return response.status, await response.text()
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def sample(metrics: str, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", metrics, re.M)
    assert match, f"{name} not in the metrics"
    return float(match.group(1))


def test_a_role_without_its_platform_refuses_to_start() -> None:
    bare = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(RoleError, match="SLACK_SIGNING_SECRET"):
        parts_of(Role.WEB, bare)
    with pytest.raises(RoleError, match="DISCORD_TOKEN"):
        parts_of(Role.DISCORD, bare)
    assert parts_of(Role.SCHEDULER, bare).scheduler
    everything = parts_of(Role.ALL, bare)
    assert everything.scheduler and everything.console and not everything.slack


@pytest_asyncio.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    fake = await FakeSlack().start()
    yield fake
    await fake.stop()


@pytest.mark.asyncio
async def test_the_web_role_serves_slack_health_and_metrics_on_port(slack: FakeSlack, tmp_path: Path) -> None:
    port = free_port()
    env = role_env(
        tmp_path,
        PORT=str(port),
        SLACK_BOT_TOKEN="xoxb-web",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'mentor.db'}",
    )
    url = f"http://127.0.0.1:{port}"
    async with running("web", env, tmp_path):
        status, health = await get(f"{url}/healthz")
        assert status == 200 and '"role":"web"' in health
        async with SlackSender(url, slack) as sender:
            assert (await sender.command("what is caching"))[0] == 200
        await slack.wait_until(lambda: bool(slack.answered), timeout=30)
        _, metrics = await get(f"{url}/metrics")
        assert sample(metrics, 'mentor_answers_total{platform="slack"}') == 1
        assert sample(metrics, 'mentor_answer_seconds_count{platform="slack"}') == 1
        assert "mentor_scheduler_leader" not in metrics  # a web process sends no digests


@pytest_asyncio.fixture
async def discord_fakes() -> AsyncIterator[tuple[FakeDiscord, FakeGateway]]:
    api, gateway = FakeDiscord(), FakeGateway()
    await api.start()
    await gateway.start()
    yield api, gateway
    await gateway.stop()
    await api.stop()


@pytest.mark.asyncio
async def test_the_discord_role_runs_two_shards_and_reports_the_gateway(
    discord_fakes: tuple[FakeDiscord, FakeGateway], tmp_path: Path
) -> None:
    api, gateway = discord_fakes
    metrics_port = free_port()
    env = role_env(
        tmp_path,
        METRICS_PORT=str(metrics_port),
        DISCORD_TOKEN="discord-token",
        DISCORD_API_URL=api.api_url,
        DISCORD_GATEWAY_URL=gateway.url,
        DISCORD_SHARD_COUNT="2",
        DATABASE_URL=f"sqlite:///{tmp_path / 'mentor.db'}",
    )
    url = f"http://127.0.0.1:{metrics_port}"
    async with running("discord", env, tmp_path):
        identified = await gateway.wait_for_op(2, count=2, timeout=60)
        assert sorted(tuple(p["d"]["shard"]) for p in identified) == [(0, 2), (1, 2)]
        for _ in range(300):
            _, metrics = await get(f"{url}/metrics")
            if sample(metrics, "mentor_discord_shards_connected") == 2:
                break
            await asyncio.sleep(0.1)
        assert sample(metrics, "mentor_discord_shards") == 2
        assert sample(metrics, "mentor_discord_shards_connected") == 2
        status, health = await get(f"{url}/healthz")
        assert status == 200 and "2/2 shards connected" in health
