"""The team map with several people: who counts, small cells hidden, names only with opt-in, admins' switch."""

from __future__ import annotations

from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Reply
from tests.fakes import FixedClock, InMemoryStore
from tests.unit.team.helpers import says, text_of, with_plan


def mentor_for(content: Content) -> tuple[Mentor, InMemoryStore]:
    store = InMemoryStore()
    return Mentor(content, store, FixedClock(), MentorAnswerer(content)), store


def row(reply: Reply, area: str) -> list[str]:
    """The learning / finished / reviewing cells of one area in the map's text table."""
    table = reply.blocks[0].text  # type: ignore[union-attr]
    line = next(line for line in table.splitlines() if line.startswith(area + " "))
    return line.split()[1:]


def team_map(mentor: Mentor, user: str = "U9", **kwargs: object) -> Reply:
    [reply] = says(mentor, user, "team map", **kwargs)  # type: ignore[arg-type]
    return reply


def test_people_count_in_a_workspace_only_after_using_the_mentor_there(content: Content) -> None:
    mentor, _ = mentor_for(content)
    for user in ("U1", "U2", "U3"):
        with_plan(mentor, user)
    with_plan(mentor, "U4", workspace="T2")  # uses the mentor in another workspace only
    assert row(team_map(mentor), "databases")[0] == "3"
    assert "for 4 people" in team_map(mentor).files[0].alt_text  # U1-U3 and U9, who asked for the map
    says(mentor, "U4", "hello")  # now U4 has used it in T1 too
    assert "for 5 people" in team_map(mentor).files[0].alt_text


def test_a_discord_dm_counts_nowhere_and_team_commands_there_use_the_last_server(content: Content) -> None:
    mentor, store = mentor_for(content)
    [reply] = says(mentor, "111", "team map", platform="discord", workspace="@me")
    assert "I don't know your server yet" in text_of([reply])
    assert store.team.members == {}
    says(mentor, "111", "topics", platform="discord", workspace="G1", dm=False)
    reply = team_map(mentor, "111", platform="discord", workspace="@me")
    assert reply.heading == "Team skill map" and "for 1 people" in reply.files[0].alt_text


def test_cells_under_three_are_hidden_until_each_person_shares(content: Content) -> None:
    mentor, _ = mentor_for(content)
    with_plan(mentor, "U1", name="Ada")
    with_plan(mentor, "U2", name="Lin")
    assert row(team_map(mentor), "databases")[0] == "–"
    says(mentor, "U1", "team share on", name="Ada")
    assert row(team_map(mentor), "databases")[0] == "–"  # Lin does not share: still hidden
    assert "Ada (junior)" in text_of([team_map(mentor)]) and "Lin" not in text_of([team_map(mentor)])
    says(mentor, "U2", "team share on", name="Lin")
    assert row(team_map(mentor), "databases")[0] == "2"
    says(mentor, "U2", "team share off")  # at once
    assert row(team_map(mentor), "databases")[0] == "–"
    assert "Lin" not in text_of([team_map(mentor)])
    with_plan(mentor, "U3")
    assert row(team_map(mentor), "databases")[0] == "3"  # three people: a count, no names but Ada's


def test_forget_me_takes_a_person_off_the_map_at_once(content: Content) -> None:
    mentor, _ = mentor_for(content)
    for user in ("U1", "U2", "U3"):
        with_plan(mentor, user)
    says(mentor, "U3", "team share on", name="Kim")
    assert "Kim" in text_of([team_map(mentor)])
    says(mentor, "U3", "forget me confirm")
    reply = team_map(mentor)
    assert row(reply, "databases")[0] == "–" and "Kim" not in text_of([reply])


def test_admins_can_turn_team_features_off_and_sharing_can_still_stop(content: Content) -> None:
    mentor, _ = mentor_for(content)
    with_plan(mentor, "U1")
    says(mentor, "U1", "team share on")
    assert "Only workspace admins" in text_of(says(mentor, "U1", "team off"))
    assert "off for this workspace" in text_of(says(mentor, "A", "team off", admin=True))
    assert "Team features are off" in text_of(says(mentor, "U1", "team map"))
    assert "Team features are off" in text_of(says(mentor, "U1", "partners join"))
    assert "no longer share" in text_of(says(mentor, "U1", "team share off"))
    says(mentor, "A", "team on", admin=True)
    assert team_map(mentor).heading == "Team skill map"


def test_the_heatmap_is_a_png_wide_enough_for_a_preview(content: Content) -> None:
    mentor, _ = mentor_for(content)
    with_plan(mentor, "U1")
    [picture] = team_map(mentor).files
    assert picture.name == "team-map.png" and picture.data.startswith(b"\x89PNG")
    width = int.from_bytes(picture.data[16:20], "big")
    assert width == 1000
