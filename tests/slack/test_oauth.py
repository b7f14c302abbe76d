"""Multi-workspace install: the OAuth flow, one token per workspace for answers and digests, uninstall and reinstall."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from urllib.parse import parse_qs, urlparse

import pytest
import pytest_asyncio
from pydantic import SecretStr
from sqlalchemy import Engine, func, select

from adapters.bootstrap import App
from adapters.roles.workspaces import pause_workspace, resume_workspace
from adapters.settings import Settings
from adapters.slack import run_slack
from adapters.slack.installations import Installations
from adapters.slack.membership import SlackChannelAccess
from adapters.slack.messenger import SlackMessenger
from adapters.sql.store import SqlStore
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.schedule import Schedule
from bot.messages import Destination, Paragraph, Platform, Reply
from bot.ports import SendOutcome
from tests.slack.conftest import RecordingMentor, served, slack_settings
from tests.slack.fake_slack import FakeSlack, payload
from tests.slack.slack_http import SlackSender, dm_body, in_workspace
from tests.slack.test_run import free_port, running

CLIENT_ID, CLIENT_SECRET = "1111.2222", "app-client-secret"


@dataclass(frozen=True)
class Workspace:
    team: str
    enterprise: str | None
    token: str


ONE = Workspace("T111", "E111", "xoxb-111-first")  # a workspace of an Enterprise Grid org (the payloads' workspace)
TWO = Workspace("T222", None, "xoxb-222-second")  # a standalone workspace
NOTE = Reply(heading="Weekly digest", blocks=(Paragraph("Three things to read."),), private=False)


def bearer(token: str) -> str:
    return f"Bearer {token}"


@pytest.fixture
def multi_settings(fake: FakeSlack) -> Settings:
    fake.client_credentials = (CLIENT_ID, CLIENT_SECRET)
    return slack_settings(fake, slack_bot_token=None, slack_client_id=CLIENT_ID, slack_client_secret=CLIENT_SECRET)


@pytest.fixture
def installations(slack_engine: Engine) -> Installations:
    return Installations(CLIENT_ID, slack_engine)


@pytest.fixture
def app(multi_settings: Settings, core: RecordingMentor, slack_engine: Engine) -> App:
    return App(multi_settings, core.content, SqlStore(slack_engine), core)


@pytest_asyncio.fixture
async def slack(
    app: App, core: RecordingMentor, slack_engine: Engine, installations: Installations, fake: FakeSlack
) -> AsyncIterator[SlackSender]:
    """The multi-workspace app, wired to pause and resume schedules as ``mentor run`` wires it."""
    async with (
        served(
            core,
            app.settings,
            slack_engine,
            pause_workspace(app, Platform.SLACK),
            installations=installations,
            on_installed=resume_workspace(app, Platform.SLACK),
        ) as url,
        SlackSender(url, fake) as sender,
    ):
        yield sender


async def install(slack: SlackSender, fake: FakeSlack, code: str, workspace: Workspace) -> str:
    """A person installs the app: the install link, Slack's consent (the fake grants ``code``), the redirect back."""
    fake.grant(code, team=workspace.team, token=workspace.token, enterprise=workspace.enterprise)
    status, headers, _ = await slack.browse("/slack/install")
    assert status == 302
    state = parse_qs(urlparse(headers["Location"]).query)["state"][0]
    cookie = headers["Set-Cookie"].split(";")[0]
    status, _, page = await slack.browse(f"/slack/oauth_redirect?code={code}&state={state}", cookie)
    assert status == 200, page
    return page


async def eventually(condition: Callable[[], bool]) -> None:
    for _ in range(200):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition never became true")


def paused(store: SqlStore, destination: Destination) -> bool:
    schedule = store.schedules.get("digest", destination)
    return schedule is not None and schedule.paused_reason is not None


def channel_digest(store: SqlStore, team: str, channel: str) -> Destination:
    destination = Destination("slack", team, channel=channel)
    every_day = tuple(range(7))
    store.schedules.save(Schedule("digest", destination, every_day, time(0), "UTC", datetime(2026, 1, 1, tzinfo=UTC)))
    return destination


@pytest.mark.asyncio
async def test_the_install_link_redirects_to_slack_with_the_scopes_and_a_one_time_state(
    slack: SlackSender, installations: Installations, slack_engine: Engine
) -> None:
    status, headers, _ = await slack.browse("/slack/install")
    assert status == 302
    url = urlparse(headers["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://slack.com/oauth/v2/authorize"
    assert query["client_id"] == [CLIENT_ID]
    assert set(query["scope"][0].split(",")) >= {"chat:write", "commands", "im:history", "users:read"}
    assert "user_scope" not in query or query["user_scope"] == [""]  # bot scopes only
    assert headers["Set-Cookie"].startswith(f"slack-app-oauth-state={query['state'][0]};")
    with slack_engine.connect() as connection:
        states = connection.execute(select(installations.states.oauth_states.c.state)).scalars().all()
    assert states == query["state"]


@pytest.mark.asyncio
async def test_the_callback_exchanges_the_code_and_stores_the_installation(
    slack: SlackSender, fake: FakeSlack, installations: Installations, slack_engine: Engine
) -> None:
    page = await install(slack, fake, "code-one", ONE)
    assert "Thank you!" in page

    [exchange] = fake.of("oauth.v2.access")
    assert exchange.params["code"] == "code-one"
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert exchange.headers["Authorization"] == f"Basic {expected}"  # the app's credentials, not in the URL
    stored = installations.store.find_installation(enterprise_id="E111", team_id="T111")
    assert stored is not None
    assert (stored.bot_token, stored.bot_user_id, stored.bot_id) == (ONE.token, "U0KRQLJ9H", "BZYBOTHED")
    assert stored.user_token is None
    assert installations.bot_token("T111") == ONE.token
    with slack_engine.connect() as connection:  # the state was used up
        assert connection.execute(select(func.count()).select_from(installations.states.oauth_states)).scalar() == 0


@pytest.mark.asyncio
async def test_a_callback_without_the_installers_browser_or_with_a_used_state_stores_nothing(
    slack: SlackSender, fake: FakeSlack, installations: Installations
) -> None:
    fake.grant("code-forged", team="T999", token="xoxb-999-forged")
    _, headers, _ = await slack.browse("/slack/install")
    state = parse_qs(urlparse(headers["Location"]).query)["state"][0]
    status, _, _ = await slack.browse(f"/slack/oauth_redirect?code=code-forged&state={state}")  # no cookie
    assert status == 400
    cookie = headers["Set-Cookie"].split(";")[0]
    assert (await slack.browse(f"/slack/oauth_redirect?code=code-forged&state={state}", cookie))[0] == 200
    fake.grant("code-again", team="T999", token="xoxb-999-again")
    assert (await slack.browse(f"/slack/oauth_redirect?code=code-again&state={state}", cookie))[0] == 401
    assert installations.bot_token("T999") == "xoxb-999-forged"  # the first, legitimate exchange only
    assert [c.params["code"] for c in fake.of("oauth.v2.access")] == ["code-forged"]


@pytest.mark.asyncio
async def test_two_workspaces_are_answered_with_their_own_tokens(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await install(slack, fake, "code-one", ONE)
    await install(slack, fake, "code-two", TWO)
    one = in_workspace(dm_body("what is caching", event_id="EvOne"), "T111", "E111")
    two = in_workspace(dm_body("what is caching", event_id="EvTwo"), "T222", None)
    two["event"]["channel"] = "D222"
    for body in (one, two):
        assert (await slack.event(body))[0] == 200
    posts = await fake.wait_for("chat.postMessage", count=2)
    by_channel = {p.params["channel"]: p.headers["Authorization"] for p in posts}
    assert by_channel == {"D111": bearer(ONE.token), "D222": bearer(TWO.token)}
    assert {c.headers["Authorization"] for c in fake.of("users.info")} == {bearer(ONE.token), bearer(TWO.token)}
    assert sorted(i.workspace for i in core.seen) == ["T111", "T222"]
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records if r.levelno >= logging.INFO)
    assert "slack app installed" in logged
    for secret in (ONE.token, TWO.token, CLIENT_SECRET, "what is caching"):
        assert secret not in logged


@pytest.mark.asyncio
async def test_the_channel_check_before_a_subscription_uses_that_workspaces_token(
    slack: SlackSender, fake: FakeSlack, app: App
) -> None:
    await install(slack, fake, "code-two", TWO)
    fake.member_of.add("C222")
    access = SlackChannelAccess.from_settings(app.settings, app.store.engine)  # what bootstrap gives the core
    assert await asyncio.to_thread(access.can_post, Destination("slack", "T222", channel="C222")) is None
    [check] = fake.of("conversations.info")
    assert check.headers["Authorization"] == bearer(TWO.token)
    hint = await asyncio.to_thread(access.can_post, Destination("slack", "T333", channel="C333"))
    assert hint is not None and "not installed" in hint  # a workspace that never installed the app
    assert len(fake.of("conversations.info")) == 1


@pytest.mark.asyncio
async def test_two_workspaces_get_their_digests_with_their_own_tokens(
    slack: SlackSender, fake: FakeSlack, core: RecordingMentor, app: App
) -> None:
    await install(slack, fake, "code-one", ONE)
    await install(slack, fake, "code-two", TWO)
    channel_digest(app.store, "T111", "C111")
    channel_digest(app.store, "T222", "C222")
    messenger = SlackMessenger.from_settings(app.settings, engine=app.store.engine)
    await Dispatcher(app.store, messenger, core.clock, core.composers(), "test", pace_seconds=0).tick()
    posts = await fake.wait_for("chat.postMessage", count=2)
    by_channel = {p.params["channel"]: p.headers["Authorization"] for p in posts}
    assert by_channel == {"C111": bearer(ONE.token), "C222": bearer(TWO.token)}


@pytest.mark.asyncio
@pytest.mark.parametrize("event", ["slack_event_app_uninstalled.json", "slack_event_tokens_revoked.json"])
async def test_uninstalling_removes_that_workspaces_tokens_and_pauses_its_schedules_only(
    slack: SlackSender, fake: FakeSlack, app: App, installations: Installations, event: str
) -> None:
    await install(slack, fake, "code-one", ONE)
    await install(slack, fake, "code-two", TWO)
    first, second = channel_digest(app.store, "T111", "C111"), channel_digest(app.store, "T222", "C222")

    assert (await slack.event(payload(event)))[0] == 200  # the payloads are for T111
    await eventually(lambda: paused(app.store, first))

    assert installations.bot_token("T111") is None
    assert installations.store.find_installation(enterprise_id="E111", team_id="T111") is None
    assert installations.bot_token("T222") == TWO.token
    assert not paused(app.store, second)
    messenger = SlackMessenger.from_settings(app.settings, engine=app.store.engine)
    assert (await messenger.send(first, NOTE, "key")).outcome is SendOutcome.GONE
    assert (await messenger.send(second, NOTE, "key")).outcome is SendOutcome.DELIVERED


@pytest.mark.asyncio
async def test_a_reinstall_resumes_the_schedules_with_the_new_token(
    slack: SlackSender, fake: FakeSlack, app: App, installations: Installations
) -> None:
    await install(slack, fake, "code-one", ONE)
    digest = channel_digest(app.store, "T111", "C111")
    messenger = SlackMessenger.from_settings(app.settings, engine=app.store.engine)
    assert (await messenger.send(digest, NOTE, "key")).outcome is SendOutcome.DELIVERED
    await slack.event(payload("slack_event_app_uninstalled.json"))
    await eventually(lambda: installations.bot_token("T111") is None)
    await eventually(lambda: app.store.schedules.active() == [])

    await install(slack, fake, "code-again", replace(ONE, token="xoxb-111-renewed"))
    assert [s.destination for s in app.store.schedules.active()] == [digest]
    assert (await messenger.send(digest, NOTE, "key")).outcome is SendOutcome.DELIVERED
    last = fake.of("chat.postMessage")[-1]
    assert last.headers["Authorization"] == bearer("xoxb-111-renewed")


@pytest.mark.asyncio
async def test_mentor_run_serves_the_install_link_next_to_the_events(multi_settings: Settings, app: App) -> None:
    port = free_port()
    app.settings = multi_settings.model_copy(update={"port": port})
    async with running(app), SlackSender(f"http://127.0.0.1:{port}", FakeSlack()) as browser:
        for _ in range(200):
            with contextlib.suppress(OSError):
                status, headers, _ = await browser.browse("/slack/install")
                break
            await asyncio.sleep(0.02)
        assert status == 302 and headers["Location"].startswith("https://slack.com/oauth/v2/authorize?")


@pytest.mark.asyncio
async def test_the_multi_workspace_install_refuses_socket_mode(multi_settings: Settings, app: App) -> None:
    app.settings = multi_settings.model_copy(update={"slack_app_token": SecretStr("xapp-test")})
    with pytest.raises(ValueError, match="HTTP mode"):
        await run_slack(app)
