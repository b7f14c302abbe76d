"""Digest commands through the core, on the in-memory store."""

from dataclasses import replace

from bot.content.models import TIP_HEADINGS
from bot.mentor import Mentor
from bot.messages import Destination, Incoming, plain_text
from bot.ports import DeliveryState
from tests.fakes import FixedClock, InMemoryStore


def msg(text: str, *, admin: bool = True, dm: bool = False, tz: str | None = None, user: str = "U1") -> Incoming:
    channel = "D1" if dm else "C1"
    return Incoming("slack", "T1", channel, user, text, is_admin=admin, is_dm=dm, timezone=tz)


def one(mentor: Mentor, incoming: Incoming) -> str:
    [reply] = mentor.handle(incoming)
    return plain_text(reply)


def test_admin_subscribes_here_with_defaults_and_the_asker_zone(mentor: Mentor, memory_store: InMemoryStore) -> None:
    text = one(mentor, msg("digest subscribe", tz="Europe/Berlin"))
    schedule = memory_store.schedules.get("digest", Destination("slack", "T1", "C1"))
    assert schedule is not None
    assert (schedule.days, f"{schedule.at:%H:%M}", schedule.timezone) == ((0,), "09:00", "Europe/Berlin")
    assert "Next issue" in text


def test_several_days_time_and_zone(mentor: Mentor, memory_store: InMemoryStore) -> None:
    one(mentor, msg("digest subscribe <#C9|general> mon,thu 17:30 america/new_york"))
    schedule = memory_store.schedules.get("digest", Destination("slack", "T1", "C9"))
    assert schedule is not None
    assert (schedule.days, f"{schedule.at:%H:%M}", schedule.timezone) == ((0, 3), "17:30", "America/New_York")


def test_a_non_admin_is_refused_and_nothing_changes(mentor: Mentor, memory_store: InMemoryStore) -> None:
    text = one(mentor, msg("digest subscribe here", admin=False))
    assert "Only workspace admins" in text
    assert memory_store.schedules.rows == {}


def test_the_settings_allow_list_makes_an_admin(content, answerer, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    store = InMemoryStore()
    mentor = Mentor(content, store, clock, answerer, admins=frozenset({"U7"}))
    one(mentor, msg("digest subscribe here", admin=False, user="U7"))
    assert store.schedules.rows


def test_a_bad_zone_is_explained_and_changes_nothing(mentor: Mentor, memory_store: InMemoryStore) -> None:
    one(mentor, msg("digest subscribe here mon 09:00 Europe/Berlin"))
    before = dict(memory_store.schedules.rows)
    text = one(mentor, msg("digest subscribe here mon 10:00 UTC+2"))
    assert "not a time zone" in text and "Europe/Berlin" in text
    assert memory_store.schedules.rows == before


def test_bad_time_and_unknown_subcommand_get_the_valid_forms(mentor: Mentor) -> None:
    assert "HH:MM" in one(mentor, msg("digest subscribe here 25:99"))
    assert "digest me on" in one(mentor, msg("digest frobnicate"))


def test_status_lists_subscriptions_with_next_post(mentor: Mentor) -> None:
    one(mentor, msg("digest subscribe here wed 08:00 Asia/Tokyo"))
    text = one(mentor, msg("digest status", admin=False))
    assert "C1" in text and "Asia/Tokyo" in text and "next" in text


def test_unsubscribe_keeps_the_history(mentor: Mentor, memory_store: InMemoryStore) -> None:
    one(mentor, msg("digest subscribe here"))
    one(mentor, msg("digest now"))
    assert "unsubscribed" in one(mentor, msg("digest unsubscribe"))
    assert memory_store.schedules.rows == {}
    assert memory_store.tips.posted(["slack:T1:c:C1"])


def test_digest_now_posts_publicly_and_preview_privately(mentor: Mentor) -> None:
    [now] = mentor.handle(msg("digest now"))
    [preview] = mentor.handle(msg("digest preview"))
    assert now.private is False
    assert preview.private is True
    assert now.heading.split(":")[0] in TIP_HEADINGS.values()
    assert len(now.buttons) in (2, 3)
    assert "digest unsubscribe" in now.footer
    assert preview.heading != now.heading  # the next issue, since `now` recorded its tip


def test_digest_me_on_and_off_need_no_admin(mentor: Mentor, memory_store: InMemoryStore) -> None:
    one(mentor, msg("digest me on fri 08:00 UTC", admin=False, dm=True))
    assert memory_store.schedules.get("digest", Destination("slack", "T1", None, "U1"))
    one(mentor, msg("digest me off", admin=False, dm=True))
    assert memory_store.schedules.rows == {}


def test_tip_prefers_one_the_asker_has_not_seen(mentor: Mentor, content, clock: FixedClock) -> None:  # type: ignore[no-untyped-def]
    headings = []
    for _ in range(len(content.tips)):
        clock.advance(minutes=1)  # an honest pace, under the rate limit
        headings.append(mentor.handle(msg("tip", admin=False))[0].heading)
    assert len(set(headings)) == len(content.tips)


class NotInChannel:
    def can_post(self, destination: Destination) -> str | None:
        return f"I'm not in {destination.channel} yet: invite me first." if destination.channel == "C5" else None


def test_a_channel_the_bot_cannot_post_to_is_refused_with_how_to_invite(content, answerer, clock) -> None:  # type: ignore[no-untyped-def]
    store = InMemoryStore()
    mentor = Mentor(content, store, clock, answerer, channel_access={"slack": NotInChannel()})
    assert "invite me first" in one(mentor, msg("digest subscribe <#C5>"))
    assert store.schedules.rows == {}
    one(mentor, msg("digest subscribe <#C6>"))
    assert store.schedules.get("digest", Destination("slack", "T1", "C6"))


def test_host_zones_are_refused_with_the_usual_explanation(mentor: Mentor, memory_store: InMemoryStore) -> None:
    for zone in ("localtime", "Factory", "posixrules", "US/Eastern"):
        text = one(mentor, msg(f"digest subscribe here mon 10:00 {zone}"))
        assert "IANA time zone" in text and "Europe/Berlin" in text, zone
    assert memory_store.schedules.rows == {}


def test_status_counts_unconfirmed_with_reasons_and_an_admin_resends_them_all(
    mentor: Mentor, memory_store: InMemoryStore, clock: FixedClock
) -> None:
    from bot.delivery.schedule import due  # noqa: PLC0415

    one(mentor, msg("digest subscribe here mon 09:00 UTC"))
    one(mentor, msg("digest subscribe <#C2> mon 09:00 UTC"))
    clock.advance(days=7)
    ledger = memory_store.deliveries
    ledger.add_pending(due(memory_store.schedules.active(), clock.now()))
    for claimed in ledger.claim("dead", clock.now(), 10):
        ledger.rows[claimed.id] = replace(
            claimed, state=DeliveryState.UNCONFIRMED, detail="could not check whether it arrived: budget spent"
        )
    [reply] = mentor.handle(msg("digest status"))
    text = plain_text(reply)
    assert "2 delivery(ies) in this workspace are unconfirmed" in text
    assert "could not check whether it arrived: budget spent" in text
    assert reply.buttons[0].command == "digest resend all"
    [member_view] = mentor.handle(msg("digest status", admin=False))
    assert all(b.command != "digest resend all" for b in member_view.buttons)

    assert "Only workspace admins" in one(mentor, msg("digest resend all", admin=False))
    assert "Queued 2" in one(mentor, msg("digest resend all"))
    assert ledger.unconfirmed("slack", "T1") == 0
    assert "Nothing in this workspace is unconfirmed" in one(mentor, msg("digest resend all"))
