"""Which workspace's team a message is about, and whether the workspace has team features on."""

from __future__ import annotations

from bot.messages import Incoming, Platform
from bot.ports import Store

FEATURES = "team_features"  # workspace setting: "off" turns team features off
DISCORD_DM = "@me"
OFF = "Team features are off in this workspace. An admin can turn them on with `team on`."
NO_TEAM = (
    "I don't know your server yet: use me there once (a message or a `/mentor` command), then team commands work "
    "here in our DM too."
)


def team_workspace(store: Store, incoming: Incoming) -> str | None:
    """The workspace of the message; for a Discord DM, the server the person used the mentor in most recently."""
    if incoming.platform == Platform.DISCORD and incoming.workspace == DISCORD_DM:
        found = store.team.workspaces_of(incoming.platform, incoming.user)
        return found[0] if found else None
    return incoming.workspace


def features_on(store: Store, platform: str, workspace: str) -> bool:
    return store.feedback.setting(platform, workspace, FEATURES) != "off"
