"""The lead's weekly summary: the workspace's week in counts, never an individual's progress without their opt-in.

Topics finished and focus areas are counted per topic or area, each count shown only when it covers 3 or more people
(or everyone it covers shares); questions the mentor answered badly are quoted only when 3 or more different people
asked them, the rest are counted by topic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime

from bot.content import Content, Topic
from bot.messages import Bullets, Paragraph, Reply
from bot.plans.stored import load_plan
from bot.ports import PartnerGroup, Profile, Struggle
from bot.team.skillmap import MIN_CELL, visible

QUESTION_THRESHOLD = 0.5
QUOTED = 5
LISTED = 8


def summary_reply(
    content: Content,
    profiles: Sequence[Profile],
    struggles: Sequence[Struggle],
    groups: Sequence[PartnerGroup],
    since: datetime,
) -> Reply:
    blocks: list[Paragraph | Bullets] = []
    blocks += _finished(content, profiles, since)
    blocks += _focus(content, profiles)
    blocks += _questions(content, struggles)
    blocks += _partners(groups)
    topic = suggested_topic(content, profiles, struggles)
    if topic is not None:
        blocks.append(Paragraph(f"*Suggested topic for the next team session:* {topic.title}"))
        blocks.append(Paragraph(f"Exercise: {topic.practice}"))
    return Reply(
        heading=f"Team summary: the week since {since:%a %d %b}",
        blocks=tuple(blocks),
        footer=f"{len(profiles)} people use the mentor here. Counts under {MIN_CELL} people are left out; names only "
        "of people who said `team share on`.",
        private=False,
    )


def _finished(content: Content, profiles: Sequence[Profile], since: datetime) -> list[Paragraph | Bullets]:
    by_topic: dict[str, list[Profile]] = defaultdict(list)
    for profile in profiles:
        for topic_id, at in profile.done.items():
            if at >= since:
                by_topic[topic_id].append(profile)
    if not by_topic:
        return [Paragraph("*Topics finished this week:* none yet.")]
    people = len({p.member.user for ps in by_topic.values() for p in ps})
    total = sum(len(ps) for ps in by_topic.values())
    lines = []
    for topic_id, finishers in sorted(by_topic.items(), key=lambda item: (-len(item[1]), item[0])):
        topic = content.topic(topic_id)
        if topic is None or not visible([p.member.share for p in finishers]):
            continue
        names = sorted(p.member.name for p in finishers if p.member.share and p.member.name)
        who = f" ({', '.join(names)})" if names and len(names) == len(finishers) else ""
        lines.append(f"{topic.title}: {len(finishers)} {_people(len(finishers))}{who}")
    head = Paragraph(f"*Topics finished this week:* {total} by {people} {_people(people)}.")
    return [head, Bullets(tuple(lines[:LISTED]))] if lines else [head]


def _focus(content: Content, profiles: Sequence[Profile]) -> list[Paragraph | Bullets]:
    by_area: dict[str, list[bool]] = defaultdict(list)
    for profile in profiles:
        if profile.plan is None:
            continue
        try:
            plan = load_plan(content, profile.plan)
        except ValueError:
            continue
        for area in plan.focus:
            by_area[area].append(profile.member.share)
    shown = [(area, len(flags)) for area, flags in by_area.items() if visible(flags)]
    if not shown:
        return []
    listed = ", ".join(f"{area} ({n})" for area, n in sorted(shown, key=lambda t: (-t[1], t[0]))[:LISTED])
    return [Paragraph(f"*Areas people focus on:* {listed}.")]


def _questions(content: Content, struggles: Sequence[Struggle]) -> list[Paragraph | Bullets]:
    if not struggles:
        return []
    askers: dict[str, set[str]] = defaultdict(set)
    shown_text: dict[str, str] = {}
    for s in struggles:
        key = " ".join(s.text.lower().split())
        askers[key].add(s.user)
        shown_text.setdefault(key, s.text.strip())
    quoted = sorted((k for k, users in askers.items() if len(users) >= MIN_CELL), key=lambda k: (-len(askers[k]), k))
    lines = [f"“{shown_text[k][:150]}” — asked by {len(askers[k])} people" for k in quoted[:QUOTED]]
    by_topic: Counter[str] = Counter()
    for s in struggles:
        if " ".join(s.text.lower().split()) not in quoted[:QUOTED]:
            topic = content.topic(s.topic_id) if s.topic_id else None
            by_topic[topic.title if topic else "other subjects"] += 1
    lines += [f"{n} question(s) about {title}" for title, n in by_topic.most_common(LISTED)]
    return [Paragraph(f"*Questions I could not answer well:* {len(struggles)}."), Bullets(tuple(lines))]


def _partners(groups: Sequence[PartnerGroup]) -> list[Paragraph | Bullets]:
    if not groups:
        return []
    answered = [g for g in groups if g.met]
    met = sum(1 for g in answered if any(yes for _, yes in g.met))
    return [
        Paragraph(
            f"*Learning partners:* {len(groups)} group(s) paired; {met} of the {len(answered)} that answered "
            "say they met."
        )
    ]


def suggested_topic(content: Content, profiles: Sequence[Profile], struggles: Sequence[Struggle]) -> Topic | None:
    """The topic most people struggled with this week; else the one most people have next in their plans."""
    struggled: dict[str, set[str]] = defaultdict(set)
    for s in struggles:
        if s.topic_id:
            struggled[s.topic_id].add(s.user)
    for topic_id, _ in sorted(struggled.items(), key=lambda item: (-len(item[1]), item[0])):
        if (topic := content.topic(topic_id)) is not None:
            return topic
    upcoming: Counter[str] = Counter()
    for profile in profiles:
        if profile.plan is None:
            continue
        try:
            plan = load_plan(content, profile.plan)
        except ValueError:
            continue
        nxt = next((t for t in plan.topic_ids if t not in profile.done), None)
        if nxt:
            upcoming[nxt] += 1
    for topic_id, _ in sorted(upcoming.items(), key=lambda item: (-item[1], item[0])):
        if (topic := content.topic(topic_id)) is not None:
            return topic
    return None


def _people(count: int) -> str:
    return "person" if count == 1 else "people"
