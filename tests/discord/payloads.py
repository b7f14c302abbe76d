"""Discord payloads for the tests: the shared documentation examples, brought up to date with current fields.

The interaction and message examples come from ../shared/payloads (see SOURCES.md). discord.py 2.7 needs fields the
docs' examples lack (``attachment_size_limit``, ``application_id``, ``version``, ``id``/``token`` for autocomplete,
``user.id`` in the DM example); they are added here, as Discord sends them today.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[3] / "shared" / "payloads"

APP_ID = "234248956100616262"  # the DM example's application; the bot user has the same id
BOT_ID = APP_ID
GUILD_ID = "290926798626357999"  # the docs' guild
CHANNEL_ID = "645027906669510667"
USER_ID = "53908232506183680"  # "Mason", the docs' user
COMMAND_ID = "771825006014889984"

MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16) | (1 << 31)  # view, send, read history, use app commands
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD
UPLOAD_LIMIT = 10 * 1024 * 1024


@cache
def _shared(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SHARED / name).read_text(encoding="utf-8"))
    return data


def shared(name: str) -> dict[str, Any]:
    return copy.deepcopy(_shared(name))


def user(user_id: str = USER_ID, name: str = "Mason", *, bot: bool = False) -> dict[str, Any]:
    base = shared("discord_interaction_application_command.json")["member"]["user"]
    return {**base, "id": user_id, "username": name, "global_name": name, "bot": bot}


def bot_user() -> dict[str, Any]:
    return {**user(BOT_ID, "Backend Mentor", bot=True), "verified": True, "mfa_enabled": False, "flags": 0}


def application() -> dict[str, Any]:
    return {
        "id": APP_ID,
        "name": "Backend Mentor",
        "icon": None,
        "description": "A mentor for backend engineers",
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(),
        "verify_key": "1e0a356058d627ca38a5c8c9648818061d49e49bd9da9e3ab17d98ad4d6bg2u8",
        "flags": 0,
        "team": None,
    }


def dm_channel(channel_id: str, recipient_id: str) -> dict[str, Any]:
    return {"id": channel_id, "type": 1, "last_message_id": None, "flags": 0, "recipients": [user(recipient_id)]}


def text_channel(channel_id: str = CHANNEL_ID) -> dict[str, Any]:
    return {
        "id": channel_id,
        "type": 0,
        "guild_id": GUILD_ID,
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "parent_id": None,
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "flags": 0,
    }


def message(message_id: str, channel_id: str, **fields: Any) -> dict[str, Any]:
    """A message as Discord returns it after a send: the docs' example, by the bot, with what was sent."""
    data = shared("discord_message_example.json")
    data.update(id=message_id, channel_id=channel_id, author=bot_user(), content="", embeds=[], reactions=[])
    data.update({k: v for k, v in fields.items() if k in {"content", "embeds", "components", "flags"}})
    return data


def _guild_context(data: dict[str, Any], permissions: int) -> dict[str, Any]:
    data["member"].update(permissions=str(permissions), flags=0)
    data.update(
        application_id=APP_ID,
        version=1,
        guild_id=GUILD_ID,
        guild={"id": GUILD_ID, "locale": "en-US", "features": []},
        channel={**text_channel(), "permissions": str(permissions)},
        channel_id=CHANNEL_ID,
        app_permissions="442368",
        entitlements=[],
        authorizing_integration_owners={"0": GUILD_ID},
        context=0,
        attachment_size_limit=UPLOAD_LIMIT,
    )
    return data


def command(sub: str, *options: dict[str, Any], permissions: int = MEMBER_PERMISSIONS, id: str) -> dict[str, Any]:
    """``/mentor <sub> ...`` in a server: the docs' slash-command interaction with our command's data."""
    data = _guild_context(shared("discord_interaction_application_command.json"), permissions)
    data.update(id=id, token=f"token-{id}")
    data["data"] = {
        "id": COMMAND_ID,
        "name": "mentor",
        "type": 1,
        "options": [{"type": 1, "name": sub, "options": list(options)}],
    }
    return data


def dm_command(sub: str, *options: dict[str, Any], id: str) -> dict[str, Any]:
    """``/mentor <sub>`` in the bot's DM: the docs' user-install DM interaction, its empty user filled in."""
    data = shared("discord_interaction_dm.json")
    data.update(id=id, application_id=APP_ID, user=user(), attachment_size_limit=UPLOAD_LIMIT)
    data["channel"] = dm_channel(data["channel_id"], USER_ID)
    data["data"] = {
        "id": COMMAND_ID,
        "name": "mentor",
        "type": 1,
        "options": [{"type": 1, "name": sub, "options": list(options)}],
    }
    return data


def option(name: str, value: Any, kind: int = 3, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "name": name, "value": value, **extra}


def autocomplete(sub: str, name: str, typed: str, *, id: str) -> dict[str, Any]:
    """Typing into an option: the docs' autocomplete interaction (type 4), with the fields it lacked."""
    data = shared("discord_interaction_autocomplete.json")
    data["member"] = shared("discord_interaction_application_command.json")["member"]
    _guild_context(data, MEMBER_PERMISSIONS)
    data.update(id=id, token=f"token-{id}", locale="en-US")
    focused = {"type": 3, "name": name, "value": typed, "focused": True}
    data["data"] = {
        "id": COMMAND_ID,
        "name": "mentor",
        "type": 1,
        "version": data["data"]["version"],
        "options": [{"type": 1, "name": sub, "options": [focused]}],
    }
    return data


def click(custom_id: str, label: str, *, id: str, permissions: int = MEMBER_PERMISSIONS) -> dict[str, Any]:
    """A button click (type 3): the docs' component interaction on one of the bot's messages."""
    data = _guild_context(shared("discord_interaction_message_component.json"), permissions)
    data.update(id=id, token=f"token-{id}", locale="en-US")
    data["data"] = {"custom_id": custom_id, "component_type": 2}
    button = {"type": 2, "label": label, "style": 2, "custom_id": custom_id}
    data["message"].update(channel_id=CHANNEL_ID, author=bot_user(), components=[{"type": 1, "components": [button]}])
    return data


def dm_message(content: str, *, id: str, channel_id: str = "1234563982236504123") -> dict[str, Any]:
    """A MESSAGE_CREATE in a DM: the docs' example message (no guild, no member) from a person."""
    data = shared("discord_message_example.json")
    data.update(id=id, channel_id=channel_id, content=content, author=user(), mentions=[], reactions=[])
    data["channel_type"] = 1
    return data


def server_message(content: str, *, id: str, mentions: list[dict[str, Any]], roles: list[str]) -> dict[str, Any]:
    """A MESSAGE_CREATE in a server channel, as the gateway adds ``guild_id`` and ``member``."""
    data = shared("discord_message_example.json")
    data.update(id=id, channel_id=CHANNEL_ID, guild_id=GUILD_ID, content=content, author=user(), reactions=[])
    data.update(mentions=mentions, member={"roles": roles, "joined_at": "2017-03-13T19:19:14.040000+00:00", "flags": 0})
    return data


ADMIN_ROLE = "539082325061836999"


def guild_create() -> dict[str, Any]:
    """GUILD_CREATE for the docs' guild: @everyone may talk, the admin role may also manage the server."""
    return {
        "id": GUILD_ID,
        "name": "Backend Engineers",
        "owner_id": "1",
        "icon": None,
        "features": [],
        "member_count": 2,
        "large": False,
        "unavailable": False,
        "roles": [
            _role(GUILD_ID, "@everyone", MEMBER_PERMISSIONS, 0),
            _role(ADMIN_ROLE, "Admins", ADMIN_PERMISSIONS, 1),
        ],
        "channels": [text_channel()],
        "threads": [],
        "members": [{"user": bot_user(), "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "flags": 0}],
        "emojis": [],
        "stickers": [],
        "voice_states": [],
        "presences": [],
    }


def _role(role_id: str, name: str, permissions: int, position: int) -> dict[str, Any]:
    return {
        "id": role_id,
        "name": name,
        "permissions": str(permissions),
        "position": position,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def user_installed(data: dict[str, Any]) -> dict[str, Any]:
    """The same interaction authorized by the person's own install only: the app is not in this server.

    ``authorizing_integration_owners`` then holds just ``"1"`` (USER_INSTALL) with the person's id
    (discord-api-docs, developers/interactions/receiving-and-responding.mdx, "Authorizing Integration Owners Object").
    """
    data["authorizing_integration_owners"] = {"1": USER_ID}
    return data


def label(component: dict[str, Any], label_id: int) -> dict[str, Any]:
    """One answered field of a modal: a Label (type 18) around its component, as the submission carries it."""
    return {"type": 18, "id": label_id, "component": {**component, "id": label_id + 1}}


def string_select(custom_id: str, *values: str) -> dict[str, Any]:
    return {"type": 3, "custom_id": custom_id, "values": list(values)}


def text_input(custom_id: str, value: str) -> dict[str, Any]:
    return {"type": 4, "custom_id": custom_id, "value": value}


def modal_submit(custom_id: str, *fields: dict[str, Any], id: str) -> dict[str, Any]:
    """A modal submission (type 5) in a server: the docs' interaction fields with the data of the modal-submit
    examples (discord-api-docs, developers/components/reference.mdx: "Modal Submit Interaction Data Example" under
    String Select and Text Input): ``custom_id`` and the answered Labels."""
    data = _guild_context(shared("discord_interaction_application_command.json"), MEMBER_PERMISSIONS)
    data.update(id=id, token=f"token-{id}", type=5, locale="en-US")
    data["data"] = {"custom_id": custom_id, "components": list(fields)}
    return data
