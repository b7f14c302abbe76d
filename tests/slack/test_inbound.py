"""Slack payloads as the core sees them, and the manifest that subscribes to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from adapters.settings import Settings
from adapters.slack.assistant import SUGGESTED_PROMPTS
from adapters.slack.inbound import Profile, event_key, from_command, from_dm, from_mention, is_person_dm, strip_mention
from adapters.slack.oauth import REDIRECT_PATH, bot_scopes
from tests.slack.fake_slack import payload
from tests.slack.slack_http import BOT_USER

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"
ADMIN = Profile(is_admin=True, display_name="spengler", timezone="America/Los_Angeles", locale="en-US")


def test_a_slash_command_keeps_channel_arguments_as_slack_resolved_them() -> None:
    body = payload("slack_slash_command.fields.json") | {"text": "digest subscribe <#C0123|general> mon 09:00"}
    request = from_command(body, ADMIN)
    assert request.incoming.text == "digest subscribe <#C0123|general> mon 09:00"
    assert request.incoming.is_admin is True
    assert request.incoming.timezone == "America/Los_Angeles"
    assert request.surface.response_url == body["response_url"]


def test_a_mention_in_a_thread_is_answered_in_that_thread() -> None:
    body = payload("slack_event_app_mention.json")
    body["event"] |= {"text": f"<@{BOT_USER}|mentor> plan <@{BOT_USER}>", "thread_ts": "1595926000.000100"}
    request = from_mention(body, BOT_USER, Profile())
    assert request.incoming.text == "plan"
    assert request.surface.thread_ts == "1595926000.000100"
    assert request.incoming.thread == "1595926000.000100"


def test_only_messages_people_write_in_a_dm_count() -> None:
    dm = payload("slack_event_message_im.json")
    assert is_person_dm(dm)
    assert from_dm(dm, BOT_USER, Profile()).incoming.is_dm is True
    for change in ({"subtype": "message_deleted"}, {"bot_id": "B1"}, {"channel_type": "channel"}):
        changed = payload("slack_event_message_im.json")
        changed["event"] |= change
        assert not is_person_dm(changed)


def test_the_dedup_key_is_the_event_id_per_workspace() -> None:
    assert event_key(payload("slack_event_app_mention.json")) == "slack:T111:Ev111"
    assert event_key({"type": "url_verification"}) is None


def test_strip_mention_leaves_other_mentions() -> None:
    assert strip_mention("<@W1> ask about <@W2>", "W1") == "ask about <@W2>"
    assert strip_mention("what is <@W1|mentor> caching", "W1") == "what is  caching"


def test_the_manifest_asks_for_what_the_adapter_uses() -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "assistant:write",
        "channels:read",
        "chat:write",
        "commands",
        "files:write",
        "groups:read",
        "im:history",
        "im:write",
        "mpim:write",  # learning partners' group DMs
        "users:read",
    } <= scopes
    assert scopes == set(Settings(_env_file=None).slack_scopes.split(","))  # type: ignore[call-arg]
    [command] = manifest["features"]["slash_commands"]
    assert (command["command"], command["should_escape"]) == ("/mentor", True)
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "assistant_thread_context_changed",
        "assistant_thread_started",
        "message.im",
        "tokens_revoked",
    }
    assert [p["title"] for p in manifest["features"]["assistant_view"]["suggested_prompts"]] == [
        title for title, _ in SUGGESTED_PROMPTS
    ]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True


def test_the_install_link_asks_for_the_manifests_scopes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_SCOPES", raising=False)
    manifest = yaml.safe_load(MANIFEST.read_text())
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert bot_scopes(settings) == manifest["oauth_config"]["scopes"]["bot"]
    redirect = re.search(r"#\s+- (https://\S+)", MANIFEST.read_text())  # the placeholder, commented out
    assert redirect is not None and redirect.group(1).endswith(REDIRECT_PATH)
