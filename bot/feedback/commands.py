"""Votes on answers, notes on what was missing, follow-ups in the answer's thread, and human mentors."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta

from bot.content import Content
from bot.digests.commands import ADMIN_ONLY, channel_ref
from bot.feedback.followups import follow_up
from bot.feedback.grammar import Escalate, FeedbackCommand, FollowUp, MentorsChannel, MissingNote, Vote
from bot.messages import Button, Destination, Incoming, Paragraph, Platform, Reply, dm_destination, is_admin, note
from bot.ports import AnswerContext, ChannelAccess, Clock, Store

CONTEXT_TTL = timedelta(minutes=30)
MENTORS_CHANNEL = "mentors_channel"


class FeedbackHandler:
    def __init__(
        self,
        content: Content,
        store: Store,
        clock: Clock,
        admins: frozenset[str],
        channel_access: Mapping[str, ChannelAccess],
    ) -> None:
        self.content = content
        self.store = store
        self.clock = clock
        self.admins = admins
        self.channel_access = channel_access

    # -- remembered answers --------------------------------------------------------------------------------
    def remember(self, incoming: Incoming, answer_id: int, topic_id: str | None, faq_id: str | None) -> None:
        """The answer just given becomes the context of follow-ups (an unrelated question replaces it)."""
        context = AnswerContext(
            answer_id, topic_id, faq_id, _thread(incoming), self.clock.now(), (faq_id,) if faq_id else ()
        )
        self.store.feedback.save_context(dm_destination(incoming).key, context)

    def _context(self, incoming: Incoming) -> AnswerContext | None:
        """The person's answer context if it is fresh and this message continues its conversation."""
        context = self.store.feedback.context(dm_destination(incoming).key)
        if context is None or self.clock.now() - context.at > CONTEXT_TTL:
            return None
        continues = incoming.is_click or incoming.is_dm or incoming.platform == Platform.CONSOLE
        if not continues and not (incoming.thread and incoming.thread == context.thread):
            return None
        return context

    def topic_in_context(self, incoming: Incoming) -> str | None:
        """The topic of the answer this message follows up (for ``quiz me`` right after an answer)."""
        context = self._context(incoming)
        return context.topic_id if context else None

    def mentors_channel(self, incoming: Incoming) -> str | None:
        return self.store.feedback.setting(incoming.platform, incoming.workspace, MENTORS_CHANNEL)

    def human_button(self, incoming: Incoming, answer_id: int) -> tuple[Button, ...]:
        """ "Ask a human mentor" when the workspace has a mentors channel."""
        return (Button("Ask a human mentor", f"escalate {answer_id}"),) if self.mentors_channel(incoming) else ()

    # -- commands --------------------------------------------------------------------------------------------
    def handle(self, command: FeedbackCommand, incoming: Incoming) -> list[Reply] | None:
        """The replies, or None when the words only looked like feedback (then they are a question)."""
        match command:
            case Vote(up, None):
                context = self._context(incoming)
                return None if context is None else [self._vote(incoming, context.answer_id, up)]
            case Vote(up, answer_id) if answer_id is not None:
                return [self._vote(incoming, answer_id, up)]
            case MissingNote(text):
                return [self._missing(incoming, text)]
            case FollowUp(kind):
                return self._follow_up(incoming, kind)
            case Escalate(answer_id, confirmed):
                return self._escalate(incoming, answer_id, confirmed)
            case MentorsChannel(channel):
                return [self._mentors(incoming, channel)]
        return None

    def _vote(self, incoming: Incoming, answer_id: int, up: bool) -> Reply:
        asked = self.store.questions.find(answer_id)
        if asked is None or (asked.platform, asked.workspace) != (incoming.platform, incoming.workspace):
            return note("That answer is no longer on record, so there is nothing to vote on.")
        now = self.clock.now()
        vote = self.store.feedback.vote(answer_id, incoming.platform, incoming.workspace, incoming.user, up=up, at=now)
        if vote == 0:
            return note("Vote taken back.")
        if vote > 0:
            return note("Thanks, noted: that answer helped.")
        mine = asked.user == incoming.user
        return note(
            "Thanks for telling me. What was missing? Reply `missing: …` (optional); it goes to the people who "
            "write my cards.",
            buttons=self.human_button(incoming, answer_id) if mine else (),
        )

    def _missing(self, incoming: Incoming, text: str) -> Reply:
        since = self.clock.now() - CONTEXT_TTL
        answer_id = self.store.feedback.last_down(incoming.platform, incoming.user, since)
        if answer_id is None or not self.store.feedback.note(
            answer_id, incoming.platform, incoming.user, text, self.clock.now()
        ):
            return note("I have no recent 👎 from you to attach that to. Vote on an answer first, then tell me.")
        return note("Thanks: that note goes to the people who write my cards.")

    def _follow_up(self, incoming: Incoming, kind: str) -> list[Reply] | None:
        context = self._context(incoming)
        topic = self.content.topic(context.topic_id) if context and context.topic_id else None
        if context is None or topic is None:
            return None
        reply, shown = follow_up(self.content, topic, kind, context.shown)
        self.store.feedback.save_context(
            dm_destination(incoming).key, replace(context, shown=shown, at=self.clock.now())
        )
        return [reply]

    def _escalate(self, incoming: Incoming, answer_id: int, confirmed: bool | None) -> list[Reply]:
        channel = self.mentors_channel(incoming)
        asked = self.store.questions.find(answer_id)
        mine = asked is not None and (asked.platform, asked.workspace, asked.user) == (
            incoming.platform,
            incoming.workspace,
            incoming.user,
        )
        if channel is None:
            return [
                note(
                    "This workspace has no human mentors channel yet; an admin can set one with "
                    "`mentors channel #channel`."
                )
            ]
        if asked is None or not mine:
            return [note("Only the person who asked can send a question to the mentors, while it is on record.")]
        target = Destination(incoming.platform, incoming.workspace, channel)
        if confirmed is None:
            return [
                note(
                    f"I'll post your question in {channel_ref(target)} with your name and nothing else about you. "
                    "Post it?",
                    buttons=(
                        Button("Post it", f"escalate {answer_id} confirm"),
                        Button("Cancel", f"escalate {answer_id} cancel"),
                    ),
                )
            ]
        if not confirmed:
            return [note("Not posted.")]
        if not self.store.feedback.escalate(
            answer_id, incoming.platform, incoming.workspace, incoming.user, self.clock.now()
        ):
            return [note(f"That question is already in {channel_ref(target)}.")]
        name = incoming.display_name or "Someone"
        post = Reply(
            heading="A question for a human mentor",
            blocks=(Paragraph(f"{name} asked: {asked.text}"),),
            footer="The mentor bot was not sure about this one. Reply in a thread to help.",
            private=False,
            post_to=target,
        )
        return [note(f"Posted in {channel_ref(target)}: a human mentor can pick it up there."), post]

    def _mentors(self, incoming: Incoming, channel: str | None) -> Reply:
        if not is_admin(incoming, self.admins):
            return note(ADMIN_ONLY)
        if channel is None:
            self.store.feedback.set_setting(
                incoming.platform, incoming.workspace, MENTORS_CHANNEL, None, by=incoming.user, at=self.clock.now()
            )
            return note("Human mentors are off: unsure answers no longer offer to ask one.")
        target = Destination(incoming.platform, incoming.workspace, channel)
        access = self.channel_access.get(target.platform)
        hint = access.can_post(target) if access else None
        if hint:
            return note(hint)
        self.store.feedback.set_setting(
            incoming.platform, incoming.workspace, MENTORS_CHANNEL, channel, by=incoming.user, at=self.clock.now()
        )
        return note(
            f"Questions I can't answer (and answers voted 👎) now offer to ask a human in {channel_ref(target)}, "
            "after the person confirms. `mentors off` stops it."
        )


def _thread(incoming: Incoming) -> str | None:
    return incoming.thread or (incoming.channel if incoming.is_dm else None)
