"""The team repository: workspace membership and sharing, learning partners and their weekly rounds."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from adapters.sql.tables import (
    AnswerVoteRow,
    DeliveryRow,
    PartnerMatchRow,
    PartnerRoundRow,
    PartnerSignupRow,
    PlanProgressRow,
    PlanRow,
    QuestionRow,
    QuizReviewRow,
    TeamMemberRow,
)
from bot.delivery.schedule import Occurrence
from bot.ports import DeliveryState, PartnerGroup, Profile, Signup, Struggle, TeamMember


def _member(row: TeamMemberRow) -> TeamMember:
    return TeamMember(row.user_id, row.user_key, bool(row.share), row.display_name if row.share else None)


def _signup(row: PartnerSignupRow) -> Signup:
    return Signup(row.user_id, row.user_key, row.area, row.joined_at, row.snoozed_until)


class SqlTeam:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- membership and sharing -------------------------------------------------------------------------------
    def seen(self, platform: str, workspace: str, user: str, user_key: str, at: datetime) -> None:
        key = (platform, workspace, user)
        try:
            with self._sessions.begin() as session:
                row = session.get(TeamMemberRow, key)
                if row is None:
                    session.add(TeamMemberRow(platform=platform, workspace=workspace, user_id=user, user_key=user_key,
                                              share=False, first_seen=at, last_seen=at))  # fmt: skip
                else:
                    row.last_seen = max(row.last_seen, at)
        except IntegrityError:  # another process recorded the first visit at the same moment
            return

    def workspaces_of(self, platform: str, user: str) -> list[str]:
        query = (
            select(TeamMemberRow.workspace)
            .filter_by(platform=platform, user_id=user)
            .order_by(TeamMemberRow.last_seen.desc(), TeamMemberRow.workspace)
        )
        with self._sessions() as session:
            return list(session.scalars(query))

    def member(self, platform: str, workspace: str, user: str) -> TeamMember | None:
        with self._sessions() as session:
            row = session.get(TeamMemberRow, (platform, workspace, user))
            return _member(row) if row else None

    def share(self, platform: str, workspace: str, user: str, name: str | None) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(
                update(TeamMemberRow)
                .filter_by(platform=platform, workspace=workspace, user_id=user)
                .values(share=name is not None, display_name=name[:80] if name else None)
            )
            return bool(getattr(result, "rowcount", 0))

    def profiles(self, platform: str, workspace: str, reviews_since: datetime) -> list[Profile]:
        members = select(TeamMemberRow.user_key).filter_by(platform=platform, workspace=workspace)
        with self._sessions() as session:
            rows = list(session.scalars(select(TeamMemberRow).filter_by(platform=platform, workspace=workspace)))
            plan_rows = session.execute(
                select(PlanRow.user_key, PlanRow.plan_json).where(PlanRow.user_key.in_(members))
            )
            plans = {key: plan_json for key, plan_json in plan_rows}
            done: dict[str, dict[str, datetime]] = defaultdict(dict)
            progress = select(PlanProgressRow.user_key, PlanProgressRow.topic_id, PlanProgressRow.updated_at).where(
                PlanProgressRow.user_key.in_(members), PlanProgressRow.state == "done"
            )
            for key, topic_id, at in session.execute(progress):
                done[key][topic_id] = at
            reviewed: dict[str, set[str]] = defaultdict(set)
            reviews = (
                select(QuizReviewRow.user_key, QuizReviewRow.item_id)
                .where(QuizReviewRow.user_key.in_(members), QuizReviewRow.reviewed_at >= reviews_since)
                .distinct()
            )
            for key, item_id in session.execute(reviews):
                reviewed[key].add(item_id.partition("/")[0])
        return [
            Profile(
                _member(row),
                json.loads(plans[row.user_key]) if row.user_key in plans else None,
                done.get(row.user_key, {}),
                frozenset(reviewed.get(row.user_key, ())),
            )
            for row in sorted(rows, key=lambda r: r.user_id)
        ]

    def struggles(self, platform: str, workspace: str, since: datetime, threshold: float) -> list[Struggle]:
        voted_down = select(AnswerVoteRow.answer_id).where(AnswerVoteRow.vote == -1)
        query = select(QuestionRow.text, QuestionRow.user_id, QuestionRow.topic_id).where(
            QuestionRow.platform == platform,
            QuestionRow.workspace == workspace,
            QuestionRow.asked_at >= since,
            or_(QuestionRow.confidence < threshold, QuestionRow.id.in_(voted_down)),
        )
        with self._sessions() as session:
            return [Struggle(text, user, topic) for text, user, topic in session.execute(query)]

    # -- learning partners --------------------------------------------------------------------------------------
    def join(self, platform: str, workspace: str, user: str, user_key: str, *, area: str | None, at: datetime) -> None:
        with self._sessions.begin() as session:
            row = session.get(PartnerSignupRow, (platform, workspace, user))
            if row is None:
                session.add(PartnerSignupRow(platform=platform, workspace=workspace, user_id=user, user_key=user_key,
                                             area=area, joined_at=at))  # fmt: skip
            else:
                row.area, row.snoozed_until = area, None

    def leave(self, platform: str, workspace: str, user: str) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(
                delete(PartnerSignupRow).filter_by(platform=platform, workspace=workspace, user_id=user)
            )
            return bool(getattr(result, "rowcount", 0))

    def snooze(self, platform: str, workspace: str, user: str, until: datetime) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(
                update(PartnerSignupRow)
                .filter_by(platform=platform, workspace=workspace, user_id=user)
                .values(snoozed_until=until)
            )
            return bool(getattr(result, "rowcount", 0))

    def signup(self, platform: str, workspace: str, user: str) -> Signup | None:
        with self._sessions() as session:
            row = session.get(PartnerSignupRow, (platform, workspace, user))
            return _signup(row) if row else None

    def signups(self, platform: str, workspace: str) -> list[Signup]:
        query = select(PartnerSignupRow).filter_by(platform=platform, workspace=workspace)
        with self._sessions() as session:
            return [_signup(row) for row in session.scalars(query.order_by(PartnerSignupRow.user_id))]

    def groups(self, platform: str, workspace: str, since: datetime | None = None) -> list[PartnerGroup]:
        query = (
            select(
                PartnerRoundRow.id,
                PartnerRoundRow.occurrence,
                PartnerMatchRow.group_no,
                PartnerMatchRow.user_id,
                PartnerMatchRow.met,
            )
            .join(PartnerMatchRow, PartnerMatchRow.round_id == PartnerRoundRow.id)
            .where(PartnerRoundRow.platform == platform, PartnerRoundRow.workspace == workspace)
            .order_by(PartnerRoundRow.occurrence, PartnerMatchRow.group_no, PartnerMatchRow.user_id)
        )
        if since is not None:
            query = query.where(PartnerRoundRow.occurrence >= since)
        found: dict[tuple[int, int], tuple[datetime, list[str], list[tuple[str, bool]]]] = {}
        with self._sessions() as session:
            for round_id, occurrence, group_no, user, met in session.execute(query):
                _, members, answers = found.setdefault((round_id, group_no), (occurrence, [], []))
                members.append(user)
                if met is not None:
                    answers.append((user, bool(met)))
        return [
            PartnerGroup(round_id, occurrence, tuple(members), tuple(answers))
            for (round_id, _), (occurrence, members, answers) in found.items()
        ]

    def save_round(
        self,
        platform: str,
        workspace: str,
        occurrence: datetime,
        groups: list[tuple[str, ...]],
        intros: list[Occurrence],
    ) -> bool:
        try:
            with self._sessions.begin() as session:
                round_row = PartnerRoundRow(platform=platform, workspace=workspace, occurrence=occurrence)
                session.add(round_row)
                session.flush()  # a second round at this occurrence fails here, before anything else is written
                session.add_all(
                    PartnerMatchRow(
                        round_id=round_row.id, group_no=number, platform=platform, workspace=workspace, user_id=user
                    )
                    for number, group in enumerate(groups)
                    for user in group
                )
                session.add_all(_pending(intro) for intro in intros)
        except IntegrityError:
            return False
        return True

    def met(self, platform: str, user: str, round_id: int, met: bool) -> bool:
        with self._sessions.begin() as session:
            result = session.execute(
                update(PartnerMatchRow).filter_by(platform=platform, user_id=user, round_id=round_id).values(met=met)
            )
            return bool(getattr(result, "rowcount", 0))


def _pending(occurrence: Occurrence) -> DeliveryRow:
    destination = occurrence.schedule.destination
    return DeliveryRow(
        kind=occurrence.schedule.kind,
        dest_key=destination.key,
        platform=destination.platform,
        workspace=destination.workspace,
        channel=destination.channel,
        user_id=destination.user,
        occurrence=occurrence.at,
        state=DeliveryState.PENDING.value,
        attempts=0,
        detail="",
    )
