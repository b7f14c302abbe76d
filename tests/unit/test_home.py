"""The home through the core: plan progress, a person's messages, the workspace's channel digests, admin actions."""

import pytest

from bot.content import Content
from bot.grammar import Question, parse
from bot.mentor import Mentor
from bot.messages import Incoming, ProgressBar, Reply, dm_destination, plain_text
from bot.plans import build_plan
from tests.fakes import FixedClock, InMemoryStore


def person(*, admin: bool = False, user: str = "U1", workspace: str = "T1") -> Incoming:
    return Incoming("slack", workspace, "D1", user, "", is_admin=admin, is_dm=True)


def commands(reply: Reply) -> list[str]:
    return [b.command for b in reply.buttons]


def give_plan(store: InMemoryStore, clock: FixedClock, content: Content, incoming: Incoming) -> list[str]:
    plan = build_plan(content, level="mid", target="senior", focus=["caching"], known=[], hours_per_week=10)
    store.plans.save(dm_destination(incoming).key, plan.to_dict(), clock.now())
    return list(plan.weeks[0].topic_ids)


def test_without_a_plan_the_home_offers_one_and_says_how_to_use_me(mentor: Mentor) -> None:
    reply = mentor.home(person())
    text = plain_text(reply)
    assert "Your plan: none yet" in text
    assert "Weekly check-in: off (check-ins follow a plan)" in text
    assert "Digest by DM: off" in text
    assert "How to use me" in text and "`help` lists every command." in text
    assert commands(reply)[0] == "plan"
    assert "checkin on" not in commands(reply)
    assert {"digest me on", "help", "topics"} <= set(commands(reply))


def test_the_plan_shows_its_progress_and_buttons_for_this_week(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock, content: Content
) -> None:
    me = person()
    first, *_ = give_plan(memory_store, clock, content, me)
    mentor.handle(Incoming("slack", "T1", "D1", "U1", f"done {first}", is_dm=True))
    reply = mentor.home(me)
    [bar] = [b for b in reply.blocks if isinstance(b, ProgressBar)]
    assert bar.done == 1
    assert "Your plan: mid → senior" in plain_text(reply)
    assert f"done {first}" not in commands(reply)  # already done
    assert any(c.startswith("done ") for c in commands(reply))
    assert any(c.startswith("skip ") for c in commands(reply))
    assert "checkin on" in commands(reply)


def test_check_in_and_dm_digest_show_their_schedule_and_an_off_button(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock, content: Content
) -> None:
    me = person()
    give_plan(memory_store, clock, content, me)
    for text in ("checkin on fri 08:30 Europe/Berlin", "digest me on mon 09:00 UTC"):
        mentor.handle(Incoming("slack", "T1", "D1", "U1", text, is_dm=True))
    reply = mentor.home(me)
    text = plain_text(reply)
    assert "Weekly check-in: fri at 08:30 Europe/Berlin" in text
    assert "Digest by DM: mon at 09:00 UTC" in text
    assert {"checkin off", "digest me off"} <= set(commands(reply))


def test_channel_digests_are_listed_for_everyone_and_admins_get_actions(mentor: Mentor) -> None:
    admin = Incoming("slack", "T1", "C7", "U9", "digest subscribe here wed 10:00 UTC", is_admin=True)
    mentor.handle(admin)
    mentor.handle(Incoming("slack", "T2", "C8", "U9", "digest subscribe here", is_admin=True))  # another workspace

    member = mentor.home(person())
    assert "<#C7>: wed at 10:00 UTC" in plain_text(member)
    assert "C8" not in plain_text(member)
    assert not any(c.startswith("digest unsubscribe") for c in commands(member))

    boss = mentor.home(person(admin=True))
    assert "digest unsubscribe <#C7>" in commands(boss)
    assert "digest status" in commands(boss)


def test_the_admin_allow_list_counts_as_admin(content: Content, answerer, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    store = InMemoryStore()
    mentor = Mentor(content, store, clock, answerer, admins=frozenset({"U1"}))
    mentor.handle(Incoming("slack", "T1", "C7", "U1", "digest subscribe here", is_admin=False))
    assert "digest unsubscribe <#C7>" in commands(mentor.home(person()))


def test_every_home_button_is_a_command_that_fits(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock, content: Content
) -> None:
    me = person(admin=True)
    give_plan(memory_store, clock, content, me)
    for channel in range(15):
        mentor.handle(Incoming("slack", "T1", f"C{channel}", "U1", "digest subscribe here", is_admin=True))
    reply = mentor.home(me)
    assert len(reply.buttons) <= 25
    for command in commands(reply):
        assert len(command) <= 90
        assert not isinstance(parse(command), Question), command


def test_a_broken_store_still_gives_a_home(mentor: Mentor, memory_store: InMemoryStore) -> None:
    def broken(key: str) -> None:
        raise RuntimeError("database down")

    memory_store.plans.get = broken  # type: ignore[method-assign]
    reply = mentor.home(person())
    assert reply.heading == "Backend Mentor"  # the help reply: what the mentor can do
    assert "topics" in commands(reply)


@pytest.mark.parametrize("admin", [False, True])
def test_an_empty_workspace_says_how_channels_get_a_digest(mentor: Mentor, admin: bool) -> None:
    text = plain_text(mentor.home(person(admin=admin)))
    assert "None yet." in text and "digest subscribe #channel" in text
