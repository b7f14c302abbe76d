"""Slack's assistant pane ("Agents & AI Apps"): Bolt's ``AsyncAssistant`` middleware over the usual answers.

When a person opens the mentor's split view (``assistant_thread_started``) they get a greeting and suggested prompts;
a message in that thread shows a status while the core works, names the thread after its first question, and is
answered in the thread with the same replies a DM gets (``Mentor.handle``).

The thread context lives in the database (:class:`ThreadContextStore`): Bolt's default store reads it back with
``conversations.replies``, which Slack rate-limits hard for apps outside its Marketplace. The same rows tell an
assistant thread from an ordinary thread in the bot's DM: in a workspace without the feature (or before the app was
reinstalled with ``assistant:write``) a thread reply is answered as before, with no ``assistant.threads.*`` call.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from slack_bolt.async_app import AsyncAssistant, AsyncBoltContext, AsyncSetStatus, AsyncSetSuggestedPrompts
from slack_bolt.context.assistant.thread_context import AssistantThreadContext
from slack_bolt.context.assistant.thread_context_store.async_store import AsyncAssistantThreadContextStore
from slack_bolt.context.set_title.async_set_title import AsyncSetTitle

from adapters.slack import inbound
from adapters.slack.clients import API_ERRORS, error_code
from adapters.slack.inbound import Payload, Surface
from adapters.slack.render import render
from adapters.sql.assistant_threads import AssistantThreads
from bot.messages import Paragraph, Reply

if TYPE_CHECKING:
    from adapters.slack.app import Bridge

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)

SUGGESTED_PROMPTS: tuple[tuple[str, str], ...] = (  # (what the button says, what it sends: grammar or a question)
    ("Plan my next month", "plan"),
    ("Quiz me", "quiz me"),
    ("What should I learn before Kubernetes?", "What should I learn before Kubernetes?"),
    ("Explain idempotency", "Explain idempotency"),
)
PROMPTS_TITLE = "Try one of these:"
GREETING = Reply(
    blocks=(
        Paragraph(
            "Hi! I'm Backend Mentor. Ask me anything about backend engineering and I'll explain the concept before "
            "the tool, suggest what to learn first, plan your learning or quiz you. Type `help` for everything I do."
        ),
    )
)
STATUS = "is thinking…"
LOADING = ("Looking through the topics…", "Finding what to learn first…")
MAX_TITLE = 80


class ThreadContextStore(AsyncAssistantThreadContextStore):
    """Bolt's thread context store over :class:`AssistantThreads`: no Web API call at all."""

    def __init__(self, threads: AssistantThreads, now: Clock) -> None:
        self.threads = threads
        self._now = now

    async def save(self, *, channel_id: str, thread_ts: str, context: dict[str, str]) -> None:
        await asyncio.to_thread(self.threads.save_context, channel_id, thread_ts, context, self._now())

    async def find(self, *, channel_id: str, thread_ts: str) -> AssistantThreadContext | None:
        thread = await asyncio.to_thread(self.threads.find, channel_id, thread_ts)
        if thread is None or not thread.context.get("channel_id"):
            return None
        return AssistantThreadContext(thread.context)


def title_of(question: str) -> str:
    """The thread's title: the first question on one line, shortened."""
    line = " ".join(question.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 1].rstrip() + "…"


def build_assistant(bridge: Bridge, threads: AssistantThreads) -> AsyncAssistant:
    """The middleware for ``app.assistant(...)``; Bolt passes listener arguments by parameter name."""
    store = ThreadContextStore(threads, bridge.mentor.clock.now)
    assistant = AsyncAssistant(thread_context_store=store, logger=logging.getLogger("slack_bolt.assistant"))

    @assistant.thread_started
    async def greet(body: Payload, context: AsyncBoltContext, set_suggested_prompts: AsyncSetSuggestedPrompts) -> None:
        if not await bridge.first_delivery(body):
            return
        thread = body["event"]["assistant_thread"]
        channel, thread_ts, user = str(thread["channel_id"]), str(thread["thread_ts"]), str(thread["user_id"])
        team = str(body.get("team_id") or context.team_id or "")
        now = bridge.mentor.clock.now()
        started = functools.partial(
            threads.started, workspace=team, user=user, context=thread.get("context") or {}, now=now
        )
        await asyncio.to_thread(started, channel, thread_ts)
        workspace = bridge.workspace(context)
        try:
            await workspace.delivery.post(channel, thread_ts, render(GREETING))
            prompts = [{"title": title, "message": message} for title, message in SUGGESTED_PROMPTS]
            await set_suggested_prompts(prompts=prompts, title=PROMPTS_TITLE)
        except API_ERRORS as exc:
            log.warning("greeting an assistant thread failed", extra={"error": error_code(exc)})

    @assistant.user_message
    async def answer(
        body: Payload, context: AsyncBoltContext, set_status: AsyncSetStatus, set_title: AsyncSetTitle
    ) -> None:
        if not inbound.is_person_dm(body) or not await bridge.first_delivery(body):
            return
        event = body["event"]
        workspace = bridge.workspace(context)
        profile = await workspace.users.profile(str(event["user"]))
        request = inbound.from_dm(body, context.bot_user_id, profile)
        known = await asyncio.to_thread(threads.find, str(event["channel"]), str(event["thread_ts"]))
        if known is not None:
            await _working(
                bridge, threads, request.incoming.text, request.surface, set_status=set_status, set_title=set_title
            )
        await bridge.answer(request, workspace)

    return assistant


async def _working(
    bridge: Bridge,
    threads: AssistantThreads,
    question: str,
    surface: Surface,
    *,
    set_status: AsyncSetStatus,
    set_title: AsyncSetTitle,
) -> None:
    """The status under the thread while the core works (the reply clears it) and, once, the thread's title."""
    channel, thread_ts = surface.channel or "", surface.thread_ts or ""
    try:
        await set_status(status=STATUS, loading_messages=list(LOADING))
        if await asyncio.to_thread(threads.claim_title, channel, thread_ts, bridge.mentor.clock.now()):
            await set_title(title_of(question))
    except API_ERRORS as exc:  # e.g. missing_scope before a reinstall: the answer still comes
        log.warning("assistant thread status or title failed", extra={"error": error_code(exc)})
