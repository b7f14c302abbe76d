"""Replies to a waiting person: through the ``response_url``, into a channel or thread, or into their DM.

``Reply.private`` makes a ``response_url`` reply ephemeral (only the asker sees it); ``Reply.to_dm`` sends it to the
asker's DM (``conversations.open`` + ``chat.postMessage``). Files go through the v2 upload flow; a private reply's
files go to the DM, since Slack has no ephemeral files.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.clients import API_ERRORS, error_code, response_url_client
from adapters.slack.inbound import Surface
from adapters.slack.render import SlackMessage, render
from bot.messages import FileAttachment, Reply

log = logging.getLogger(__name__)


class Delivery:
    def __init__(self, client: AsyncWebClient, session: aiohttp.ClientSession | None = None) -> None:
        self.client = client
        self._session = session
        self._dms: dict[str, str] = {}

    async def deliver(self, surface: Surface, replies: list[Reply]) -> None:
        """Send every reply; a failure is logged and does not stop the next reply."""
        for reply in replies:
            try:
                await self._deliver_one(surface, reply)
            except API_ERRORS as exc:
                log.warning("delivering a reply failed", extra={"user": surface.user, "error": error_code(exc)})

    async def open_dm(self, user: str) -> str:
        """The id of the bot's DM with ``user`` (opened once, then remembered)."""
        if user not in self._dms:
            response = await self.client.conversations_open(users=user)
            self._dms[user] = str(response["channel"]["id"])
        return self._dms[user]

    async def _deliver_one(self, surface: Surface, reply: Reply) -> None:
        messages = render(reply)
        if reply.post_to is not None and reply.post_to.channel:  # e.g. a question for the human mentors
            await self.post(reply.post_to.channel, None, messages)
        elif reply.to_dm or (surface.channel is None and surface.response_url is None):
            dm = await self.open_dm(surface.user)
            await self.post(dm, None, messages)
            await self.upload(dm, None, reply.files)
        elif surface.response_url:
            await self._respond(surface.response_url, surface.thread_ts, messages, public=not reply.private)
            if reply.files:
                public_here = not reply.private and surface.channel
                channel = surface.channel if public_here else await self.open_dm(surface.user)
                await self.upload(channel, surface.thread_ts if public_here else None, reply.files)
        elif surface.channel:
            await self.post(surface.channel, surface.thread_ts, messages)
            await self.upload(surface.channel, surface.thread_ts, reply.files)

    async def post(
        self,
        channel: str,
        thread_ts: str | None,
        messages: list[SlackMessage],
        metadata: dict[str, Any] | None = None,
    ) -> None:
        for message in messages:
            await self.client.chat_postMessage(
                channel=channel, thread_ts=thread_ts, text=message.text, blocks=message.blocks, metadata=metadata
            )

    async def upload(self, channel: str | None, thread_ts: str | None, files: tuple[FileAttachment, ...]) -> None:
        """Upload files with ``files_upload_v2`` (getUploadURLExternal, the bytes, completeUploadExternal)."""
        if not files or not channel:
            return
        uploads = [{"file": f.data, "filename": f.name, "title": f.name, "alt_txt": f.alt_text} for f in files]
        await self.client.files_upload_v2(file_uploads=uploads, channel=channel, thread_ts=thread_ts)

    async def _respond(self, url: str, thread_ts: str | None, messages: list[SlackMessage], *, public: bool) -> None:
        client = response_url_client(url, self._session)
        for message in messages:
            body: dict[str, Any] = {
                "response_type": "in_channel" if public else "ephemeral",
                "replace_original": False,
                "text": message.text,
                "blocks": message.blocks,
            }
            if thread_ts:
                body["thread_ts"] = thread_ts
            response = await client.send_dict(body)
            if response.status_code != 200:
                log.warning("response_url refused a reply", extra={"status": response.status_code})
                return
