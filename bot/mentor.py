"""The core's one seam: ``Mentor.handle(incoming) -> replies``."""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Protocol

from bot.answers import Answerer
from bot.answers.smalltalk import NEXT_STEP
from bot.browse import topics_reply
from bot.content import Content
from bot.delivery.dispatcher import Composer
from bot.digests.commands import DigestCommands
from bot.feedback.commands import FeedbackHandler
from bot.feedback.grammar import Escalate, FollowUp, MentorsChannel, MissingNote, Vote
from bot.grammar import (
    Ask,
    CheckinCommand,
    DigestMe,
    DigestNow,
    DigestPreview,
    DigestResend,
    DigestStatus,
    DigestSubscribe,
    DigestUnsubscribe,
    ExportMe,
    ForgetMe,
    Help,
    Malformed,
    MarkTopic,
    Parsed,
    PlanCommand,
    PlanPreset,
    Question,
    ShowTip,
    Topics,
    normalize,
    parse,
)
from bot.help import help_reply
from bot.home import home_reply
from bot.messages import MAX_MESSAGE_CHARS, Incoming, Paragraph, Platform, Reply, dm_destination
from bot.plans.commands import CheckinComposer, PlanCommandsHandler
from bot.ports import ChannelAccess, Clock, PersonalFiles, QuestionRecord, Store
from bot.privacy import export_me, forget_me
from bot.quiz.commands import QuizCommandsHandler, ReviewComposer
from bot.quiz.grammar import Quiz, QuizStep, Review, ReviewReminder
from bot.ratelimit import RateLimiter, wait_words
from bot.team.commands import SUMMARY, TeamHandler
from bot.team.composers import CheckComposer, IntroComposer, MetComposer, PairingComposer, SummaryComposer
from bot.team.grammar import Partners, PartnersMet, PartnersSchedule, TeamCommand
from bot.team.partners import ASK_MET, CHECK, INTRO, PAIRING, PartnersHandler
from bot.team.workspace import DISCORD_DM

log = logging.getLogger(__name__)

NEVER_LIMITED = frozenset({"cancel", "back", "quiz stop"})  # with help and forget me: a way out is never refused
TOO_LONG = (
    f"That message is over {MAX_MESSAGE_CHARS:,} characters; please keep it under {MAX_MESSAGE_CHARS:,} characters "
    "and ask one thing at a time."
)
SEEN_CACHE = 50_000  # people remembered as recorded today, per process
FEEDBACK_KINDS = frozenset({"topic", "compare", "path", "career", "unsure"})


class AnswerObserver(Protocol):
    """Told about every message handled (for metrics at the edge); must be quick and must not raise."""

    def answered(self, incoming: Incoming, seconds: float) -> None: ...


class Mentor:
    """Routes each incoming message to the feature that answers it. Synchronous; adapters call it off their loop."""

    def __init__(
        self,
        content: Content,
        store: Store,
        clock: Clock,
        answerer: Answerer,
        *,
        admins: frozenset[str] = frozenset(),
        rate_limit_per_minute: int = 20,
        observer: AnswerObserver | None = None,
        channel_access: Mapping[str, ChannelAccess] | None = None,
        files: PersonalFiles | None = None,
    ) -> None:
        self.content = content
        self.observer = observer
        self.limiter = RateLimiter(rate_limit_per_minute)
        self.store = store
        self.files = files
        self.clock = clock
        self.answerer = answerer
        self.digests = DigestCommands(content, store, clock, admins, channel_access)
        self.plans = PlanCommandsHandler(content, store, clock)
        self.quiz = QuizCommandsHandler(content, store, clock)
        self.feedback = FeedbackHandler(content, store, clock, admins, dict(channel_access or {}))
        self.team = TeamHandler(content, store, clock, admins, dict(channel_access or {}))
        self.partners = PartnersHandler(store, clock, admins)
        self._recorded: dict[tuple[str, str, str], object] = {}

    def composers(self) -> dict[str, Composer]:
        """What the dispatcher needs to compose each kind of message the bot starts itself."""
        return {
            "digest": self.digests.composer,
            "checkin": CheckinComposer(self.content, self.store, self.clock),
            "review": ReviewComposer(self.content, self.store, self.clock),
            SUMMARY: SummaryComposer(self.content, self.store, self.clock),
            PAIRING: PairingComposer(self.content, self.store),
            INTRO: IntroComposer(self.content, self.store),
            CHECK: CheckComposer(self.store),
            ASK_MET: MetComposer(self.store),
        }

    def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message. Never raises: an unexpected error becomes a friendly reply."""
        started = time.perf_counter()
        self._record_workspace(incoming)
        try:
            return self._route(incoming)
        except Exception:
            log.exception("handling a message failed", extra={"platform": incoming.platform})
            return [_notice("Sorry, something went wrong on my side. Please try again in a moment.")]
        finally:
            if self.observer is not None:
                self.observer.answered(incoming, time.perf_counter() - started)

    def _record_workspace(self, incoming: Incoming) -> None:
        """Remember that the person uses the mentor in this workspace (their team), once a day per process.

        A Discord DM belongs to no server, so it records nothing. Never raises: a message is answered regardless.
        """
        if not (incoming.workspace and incoming.user) or incoming.workspace == DISCORD_DM:
            return
        key, now = (incoming.platform, incoming.workspace, incoming.user), self.clock.now()
        if self._recorded.get(key) == now.date():
            return
        try:
            self.store.team.seen(*key, dm_destination(incoming).key, now)
        except Exception:
            log.exception("recording a workspace visit failed", extra={"platform": incoming.platform})
            return
        if len(self._recorded) >= SEEN_CACHE:
            self._recorded.clear()
        self._recorded[key] = now.date()

    def home(self, incoming: Incoming) -> Reply:
        """The person's home (plan, messages, the workspace's channel digests, how to use me). Never raises."""
        try:
            return home_reply(self.content, self.store, self.clock, incoming, self.digests.is_admin(incoming))
        except Exception:
            log.exception("building a home failed", extra={"platform": incoming.platform})
            return help_reply()

    def _route(self, incoming: Incoming) -> list[Reply]:
        if len(incoming.text) > MAX_MESSAGE_CHARS:  # judged before anything reads the text
            return self._limited(incoming) or [_notice(TOO_LONG)]
        text = clean_text(incoming.text)
        if len(text) > MAX_MESSAGE_CHARS:
            return self._limited(incoming) or [_notice(TOO_LONG)]
        parsed = parse(text)
        if not _never_limited(parsed, text):
            refused = self._limited(incoming)
            if refused is not None:
                return refused
        if not text:
            return [
                _notice("I didn't catch a question there. Ask me anything about backend engineering, or type `help`.")
            ]
        if isinstance(parsed, Question) and self.plans.in_assessment(incoming):
            return self._assessment(incoming, text)
        return self._dispatch(parsed, incoming, text)

    def _limited(self, incoming: Incoming) -> list[Reply] | None:
        """None when the message may be answered; else one warning per window, then nothing (an empty list).

        The local console has one person and is never limited."""
        if incoming.platform == Platform.CONSOLE:
            return None
        verdict = self.limiter.check(f"{incoming.platform}:{incoming.workspace}:{incoming.user}", self.clock.now())
        if verdict.allowed:
            return None
        if not verdict.warn:
            return []
        return [
            _notice(
                f"You're sending messages faster than I can mentor well ({self.limiter.per_minute} a minute). "
                f"Take a breath and try again {wait_words(verdict.retry_after)}; until then I'll stay quiet."
            )
        ]

    def _dispatch(self, parsed: Parsed, incoming: Incoming, text: str) -> list[Reply]:
        match parsed:
            case Help():
                return [help_reply()]
            case Topics(area, page):
                return [topics_reply(self.content, area, page)]
            case Ask(question) | Question(question):
                return [self._answer(incoming, question)]
            case ShowTip():
                return [self.digests.tip(incoming)]
            case (
                DigestSubscribe()
                | DigestUnsubscribe()
                | DigestStatus()
                | DigestPreview()
                | DigestNow()
                | DigestMe()
                | DigestResend()
            ):
                return [self.digests.handle(parsed, incoming)]
            case PlanCommand() | PlanPreset() | MarkTopic() | CheckinCommand():
                replies = self.plans.handle(parsed, incoming)
                if isinstance(parsed, MarkTopic) and parsed.state == "done":
                    self.quiz.plan_changed(incoming)
                return replies if replies is not None else [self._answer(incoming, text)]
            case Vote() | MissingNote() | FollowUp() | Escalate() | MentorsChannel():
                feedback_replies = self.feedback.handle(parsed, incoming)
                return feedback_replies if feedback_replies is not None else [self._answer(incoming, text)]
            case Quiz() | QuizStep() | Review() | ReviewReminder():
                return self._quiz(parsed, incoming, text)
            case ForgetMe() | ExportMe():
                return [self._privacy(parsed, incoming)]
            case _ if isinstance(parsed, TeamCommand):
                return self._team(parsed, incoming)
            case Malformed(hint):
                return [_notice(hint)]

    def _quiz(self, parsed: Quiz | QuizStep | Review | ReviewReminder, incoming: Incoming, text: str) -> list[Reply]:
        if isinstance(parsed, Quiz) and parsed.target is None:
            parsed = Quiz(self.feedback.topic_in_context(incoming))
        quiz_replies = self.quiz.handle(parsed, incoming)
        return quiz_replies if quiz_replies is not None else [self._answer(incoming, text)]

    def _team(self, parsed: TeamCommand, incoming: Incoming) -> list[Reply]:
        if isinstance(parsed, Partners | PartnersSchedule | PartnersMet):
            return self.partners.handle(parsed, incoming)
        return self.team.handle(parsed, incoming)

    def _privacy(self, parsed: ForgetMe | ExportMe, incoming: Incoming) -> Reply:
        if isinstance(parsed, ForgetMe):
            if parsed.confirmed:  # the person's next message records their workspace afresh
                mine = (incoming.platform, incoming.user)
                self._recorded = {k: v for k, v in self._recorded.items() if (k[0], k[2]) != mine}
            return forget_me(self.store, self.files, incoming, parsed.confirmed)
        return export_me(self.store, self.files, incoming, self.clock.now())

    def _assessment(self, incoming: Incoming, text: str) -> list[Reply]:
        """An answer to the plan assessment, or a question asked meanwhile: answered, then where it stands."""
        replies = self.plans.answer(incoming, text)
        if replies is not None:
            return replies
        return [self._answer(incoming, text), self.plans.where_it_stands(incoming)]

    def _answer(self, incoming: Incoming, question: str) -> Reply:
        answer = self.answerer.answer(question)
        answer_id = self.store.questions.record(
            QuestionRecord(
                asked_at=self.clock.now(),
                platform=incoming.platform,
                workspace=incoming.workspace,
                user=incoming.user,
                text=question,
                kind=answer.kind,
                topic_id=answer.topic.id if answer.topic else None,
                confidence=answer.confidence,
            )
        )
        if answer.chat == NEXT_STEP:
            return self.plans.current(incoming) or answer.reply
        if answer.kind not in FEEDBACK_KINDS or answer.reason == "empty":
            return answer.reply
        faq = getattr(answer, "faq", None)
        faq_id = getattr(faq, "id", None) if faq is not None else None
        self.feedback.remember(incoming, answer_id, answer.topic.id if answer.topic else None, faq_id)
        reply = replace(answer.reply, feedback=answer_id)
        if answer.kind == "unsure":
            reply = replace(reply, buttons=(*reply.buttons, *self.feedback.human_button(incoming, answer_id)))
        return reply


def clean_text(text: str) -> str:
    """Normalize Unicode and drop control and zero-width characters, keeping line breaks and tabs as spaces."""
    text = unicodedata.normalize("NFKC", text)
    kept = (" " if ch in "\t\r\n" else ch for ch in text if ch in "\t\r\n" or unicodedata.category(ch)[0] != "C")
    return "".join(kept).strip()


def _never_limited(parsed: Parsed, text: str) -> bool:
    """Help, the ways out (cancel, back, quiz stop) and forget me are answered even to someone over the limit."""
    return isinstance(parsed, Help | ForgetMe) or normalize(text).lower() in NEVER_LIMITED


def _notice(text: str) -> Reply:
    return Reply(blocks=(Paragraph(text),))
