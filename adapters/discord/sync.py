"""Registering the slash commands with Discord: on demand, or at start only when the command set changed."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands

log = logging.getLogger(__name__)

STATE_FILE = "discord-commands.sha256"  # in the data directory: what was last synced, by fingerprint


def fingerprint(tree: app_commands.CommandTree[Any]) -> str:
    """A hash of the application id and the exact global command payload that a sync would upload."""
    payload = [command.to_dict(tree) for command in tree.get_commands()]
    text = json.dumps({"application": tree.client.application_id, "commands": payload}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


async def sync_tree(tree: app_commands.CommandTree[Any], state_file: Path) -> list[app_commands.AppCommand]:
    """Upload the global commands (Discord allows 200 creations a day) and remember what was uploaded."""
    synced = await tree.sync()
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(fingerprint(tree) + "\n", encoding="utf-8")
    log.info("discord commands synced", extra={"commands": len(synced)})
    return synced


async def sync_if_changed(tree: app_commands.CommandTree[Any], state_file: Path) -> bool:
    """Sync only when the payload differs from the last one synced; True when it synced."""
    try:
        last = state_file.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        last = ""
    if last == fingerprint(tree):
        log.info("discord commands unchanged; not syncing")
        return False
    try:
        await sync_tree(tree, state_file)
    except discord.HTTPException as exc:  # the bot still answers with the commands Discord already has
        log.error("discord command sync failed", extra={"status": exc.status, "code": exc.code})
        return False
    return True
