"""The lead's summary and learning partners with several people, on the in-memory store and ledger."""

from __future__ import annotations

from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import plain_text
from bot.ports import QuestionRecord
from bot.team.pairing import history
from tests.fakes import FixedClock, InMemoryStore, RecordingMessenger
from tests.unit.team.helpers import run_ledger, says, text_of, with_plan

LEVELS = ("junior", "mid", "senior")


def setup(content: Content) -> tuple[Mentor, InMemoryStore, FixedClock, RecordingMessenger]:
    store, clock = InMemoryStore(), FixedClock()
    return Mentor(content, store, clock, MentorAnswerer(content)), store, clock, RecordingMessenger()


def unsure(store: InMemoryStore, clock: FixedClock, user: str, text: str, workspace: str = "T1") -> None:
    store.questions.record(QuestionRecord(clock.now(), "slack", workspace, user, text, "unsure", "redis", 0.2))


def test_the_summary_quotes_only_questions_three_people_asked_and_names_only_sharers(content: Content) -> None:
    mentor, store, clock, messenger = setup(content)
    for number, user in enumerate(("U1", "U2", "U3", "U4")):
        with_plan(mentor, user, LEVELS[number % 3])
    says(mentor, "U1", "team share on", name="Ada")
    says(mentor, "A", "team summary on me", admin=True)
    for user in ("U1", "U2", "U3"):
        unsure(store, clock, user, "How do I shard a redis stream?")
    for _ in range(3):
        unsure(store, clock, "U4", "my secret project codename question")  # one person, three times
    unsure(store, clock, "X1", "a question from another workspace", workspace="T2")
    clock.advance(days=7)
    run_ledger(mentor, store, clock, messenger)
    [(destination, reply)] = messenger.sent
    text = plain_text(reply)
    assert destination.user == "A"
    assert "“How do I shard a redis stream?” — asked by 3 people" in text
    assert "codename" not in text and "another workspace" not in text
    assert "question(s) about" in text  # the rest as topic-level counts
    assert "Suggested topic for the next team session" in text
    assert "Lin" not in text
    run_ledger(mentor, store, clock, messenger)
    assert len(messenger.sent) == 1  # never twice


def join_all(mentor: Mentor, users: list[str]) -> None:
    for number, user in enumerate(users):
        with_plan(mentor, user, LEVELS[number % 3])
        says(mentor, user, "partners join databases")


def test_ten_weeks_of_pairing_never_repeat_a_pair_and_everyone_is_paired(content: Content) -> None:
    mentor, store, clock, messenger = setup(content)
    users = [f"U{n:02}" for n in range(12)]
    join_all(mentor, users)
    says(mentor, "A", "partners schedule mon 10:00 UTC", admin=True)
    for _ in range(10):
        clock.advance(days=7)
        run_ledger(mentor, store, clock, messenger)
    groups = store.team.groups("slack", "T1")
    assert len({g.occurrence for g in groups}) == 10
    assert all(len(g.members) == 2 for g in groups)
    assert max(history([g.members for g in groups]).values()) == 1  # nobody met anybody twice
    intros = [d.user for d, r in messenger.sent if r.heading == "Your learning partners this week"]
    assert len(intros) == 60 and all(u and "," in u for u in intros)  # one group DM per pair, each week


def test_an_odd_count_makes_a_trio_and_snoozed_or_gone_people_are_left_out(content: Content) -> None:
    mentor, store, clock, messenger = setup(content)
    join_all(mentor, ["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"])
    says(mentor, "U7", "partners snooze 2w")
    assert "You left" in text_of(says(mentor, "U8", "partners leave"))
    says(mentor, "A", "partners schedule mon 10:00 UTC", admin=True)
    clock.advance(days=7)
    run_ledger(mentor, store, clock, messenger)
    sizes = sorted(len(g.members) for g in store.team.groups("slack", "T1"))
    assert sizes == [2, 2, 3]  # seven people: two pairs and a trio
    paired = {u for g in store.team.groups("slack", "T1") for u in g.members}
    assert paired == {"U1", "U2", "U3", "U4", "U5", "U6", "U9"}
    clock.advance(days=14)  # the snooze is over
    run_ledger(mentor, store, clock, messenger)
    latest = max(g.occurrence for g in store.team.groups("slack", "T1"))
    assert "U7" in {u for g in store.team.groups("slack", "T1") if g.occurrence == latest for u in g.members}


def test_did_you_meet_is_asked_days_later_and_feeds_the_summary(content: Content) -> None:
    mentor, store, clock, messenger = setup(content)
    join_all(mentor, ["U1", "U2"])
    says(mentor, "A", "partners schedule mon 10:00 UTC", admin=True)
    says(mentor, "A", "team summary on me fri 16:00 UTC", admin=True)
    clock.advance(hours=2)  # Monday 11:00: paired
    run_ledger(mentor, store, clock, messenger)
    assert [r.heading for _, r in messenger.sent] == ["Your learning partners this week"]
    clock.advance(days=3)  # Thursday: asked
    run_ledger(mentor, store, clock, messenger)
    asks = [(d.user, r) for d, r in messenger.sent if r.heading == "Did you meet your learning partner?"]
    assert sorted(u or "" for u, _ in asks) == ["U1", "U2"]
    [yes, _] = asks[0][1].buttons
    assert "Great" in text_of(says(mentor, asks[0][0] or "", yes.command))
    clock.advance(days=1, hours=6)  # Friday 17:00: the summary
    run_ledger(mentor, store, clock, messenger)
    summary = plain_text(messenger.sent[-1][1])
    assert "1 group(s) paired; 1 of the 1 that answered say they met" in summary


def test_partners_status_join_snooze_and_schedule_are_told_plainly(content: Content) -> None:
    mentor, _, clock, _ = setup(content)
    assert "No pairing day is set yet" in text_of(says(mentor, "U1", "partners"))
    assert "Only workspace admins" in text_of(says(mentor, "U1", "partners schedule tue 09:00 UTC"))
    says(mentor, "A", "partners schedule tue 09:00 UTC", admin=True)
    assert "Next pairing: Tue 24 Nov 09:00 (UTC)" in text_of(says(mentor, "U1", "partners join"))
    assert "no pairing until" in text_of(says(mentor, "U1", "partners snooze 3 weeks"))
    clock.advance(days=1)
    assert "Snoozed until" in text_of(says(mentor, "U1", "partners"))
    assert "aren't in" in text_of(says(mentor, "U2", "partners snooze 2w"))
