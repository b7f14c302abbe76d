"""The plan as a person meets it, on a real database: questions mid-assessment, expiry, the quick check, old plans."""

from datetime import timedelta

from sqlalchemy import Engine

from adapters.sql.store import SqlStore
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.mentor import Mentor
from bot.messages import Bullets, Incoming, Reply, plain_text
from bot.plans import Plan
from bot.plans.stored import load_plan
from tests.fakes import FixedClock

KEY = "slack:T1:u:U1"


def dm(text: str) -> Incoming:
    return Incoming("slack", "T1", "D1", "U1", text, is_dm=True, timezone="Europe/Berlin")


def say(mentor: Mentor, text: str) -> list[Reply]:
    return mentor.handle(dm(text))


def commands(reply: Reply) -> list[str]:
    return [b.command for b in reply.buttons]


def test_a_question_during_the_assessment_is_answered_then_it_says_where_things_stand(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = Mentor(content, SqlStore(engine), FixedClock(), answerer)
    for answer in ("plan", "mid", "senior", "devops", "go gin"):
        say(mentor, answer)
    answer, status = say(mentor, "what is kubernetes")
    assert "Kubernetes" in plain_text(answer)
    assert "question 5 of 8 (what you already know)" in plain_text(status)
    assert "`cancel`" in plain_text(status) and commands(status) == ["plan", "cancel"]
    [prompt] = say(mentor, "plan")
    assert "question 5 of 8" in prompt.heading, "the assessment kept its place"
    answer, status = say(mentor, "is redis a database?")  # a topic name inside a question is not an answer
    assert "question 5 of 8" in plain_text(status)
    [accepted] = say(mentor, "docker")
    assert "Noted, you know: Docker" in plain_text(accepted) and "question 6 of 8" in accepted.heading
    [cancelled] = say(mentor, "cancel")
    assert "dropped the plan questions" in plain_text(cancelled)


def test_an_assessment_left_for_a_day_expires_quietly_and_plan_offers_to_resume(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    clock = FixedClock()
    mentor = Mentor(content, SqlStore(engine), clock, answerer)
    for answer in ("plan", "junior", "mid"):
        say(mentor, answer)
    clock.advance(hours=23)
    [still] = say(mentor, "senior")  # within a day, text is taken as an answer (here a wrong one: re-asked)
    assert "question 3 of 8" in still.heading and "'senior'" in plain_text(still)
    clock.advance(hours=24, minutes=1)
    replies = say(mentor, "what is a database index")
    assert len(replies) == 1, "an expired assessment stays quiet: no line about it"
    assert "index" in plain_text(replies[0]).lower()
    [offer] = say(mentor, "plan")
    assert commands(offer) == ["plan resume", "plan restart"]
    assert "question 3 of 8" in plain_text(offer)
    [resumed] = say(mentor, "plan resume")
    assert "question 3 of 8" in resumed.heading
    [next_question] = say(mentor, "apis")
    assert "question 4 of 8" in next_question.heading
    clock.advance(days=2)
    say(mentor, "plan")
    [fresh] = say(mentor, "plan restart")
    assert "question 1 of 8" in fresh.heading


def test_the_quick_check_leaves_out_what_the_person_knows(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = Mentor(content, SqlStore(engine), FixedClock(), answerer)
    for answer in ("plan", "mid", "senior", "databases", "java", "spring", "none"):
        say(mentor, answer)
    [first] = say(mentor, "yes")
    assert "Quick check 1 of" in plain_text(first)
    assert commands(first)[:3] == ["know it", "shaky", "new to me"]
    asked = []
    reply = first
    while "Quick check" in plain_text(reply):
        title = plain_text(reply).split("Quick check ")[1].split(": ", 1)[1].split(".")[0]
        asked.append(title)
        [reply] = say(mentor, "know it" if len(asked) == 1 else "new to me")
    assert 1 < len(asked) <= 8, "a handful of one-click questions: well under three minutes"
    assert "leave out the 1 you know" in plain_text(reply)
    say(mentor, "5")
    [plan, *_] = say(mentor, "skip")
    assert plan.heading == "Your plan: mid → senior"
    stored = SqlStore(engine).plans.get(KEY)
    assert stored is not None
    built = load_plan(content, stored.plan)
    titles = {content.topics[t].title for t in built.topic_ids}
    assert asked[0] not in titles and set(asked[1:]) <= titles
    assert "spring-boot" not in built.topic_ids and built.stack == ("java", "spring-boot")


def test_a_version_1_plan_is_rebuilt_keeping_every_done_and_skipped_step(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    store = SqlStore(engine)
    clock = FixedClock()
    version_1 = {  # as PLAN_VERSION 1 stored it: whole topics a week, 30 h in a "5 h" week
        "version": 1,
        "level": "mid",
        "target": "senior",
        "focus": ["languages"],
        "hours_per_week": 5,
        "weeks": [
            {"number": 1, "hours": 30, "topic_ids": ["operating-systems"]},
            {"number": 2, "hours": 32, "topic_ids": ["concurrency-models", "async-io"]},
            {"number": 3, "hours": 60, "topic_ids": ["rust"]},
        ],
        "skipped_known": ["linux-basics"],
    }
    store.plans.save(KEY, version_1, clock.now() - timedelta(days=20))
    store.plans.mark(KEY, "operating-systems", "done", clock.now())
    store.plans.mark(KEY, "rust", "skipped", clock.now())
    mentor = Mentor(content, store, clock, answerer)
    [reply] = say(mentor, "plan")
    text = plain_text(reply)
    assert "1/3 topics done, 1 skipped" in text
    assert "About 25 weeks at 5 h a week (122 h in all)" in text
    stored = store.plans.get(KEY)
    assert stored is not None and stored.plan["version"] == 2, "stored again in today's form"
    assert stored.progress == {"operating-systems": "done", "rust": "skipped"}
    plan = Plan.from_dict(stored.plan)
    assert plan.topic_ids == ("operating-systems", "concurrency-models", "async-io", "rust")
    assert all(w.hours <= 5 for w in plan.weeks) and plan.skipped_known == ("linux-basics",)
    [progress] = say(mentor, "progress")
    assert "1 of 3 topics done, 1 skipped" in plain_text(progress)


def test_plan_all_pages_and_trimming_or_more_hours_keep_progress(
    content: Content, answerer: MentorAnswerer, engine: Engine
) -> None:
    mentor = Mentor(content, SqlStore(engine), FixedClock(), answerer)
    for answer in ("plan", "junior", "senior", "databases, security", "python", "django", "sql", "skip", "5"):
        say(mentor, answer)
    [plan, *_] = say(mentor, "skip")
    text = plain_text(plan)
    assert "That's a long journey" in text and "`plan focus only`" in text and "`plan hours 10`" in text
    assert "Next week (week 2)" in text and "After that:" in text
    say(mentor, "done data modeling")
    [page] = say(mentor, "plan all")
    listed = next(b for b in page.blocks if isinstance(b, Bullets))
    lines = listed.items
    assert lines[0].startswith("✓ weeks 1–2 · Data modeling · 10 h")
    assert listed.grid is not None and listed.grid.rows[0] == ("✓", "weeks 1–2", "Data modeling", "10 h")
    assert "Page 1 of" in page.footer and commands(page) == ["plan all 2"]
    [second] = say(mentor, "plan all 2")
    assert "Page 2 of" in second.footer
    [trimmed] = say(mentor, "plan focus only")
    assert trimmed.heading.startswith("Trimmed to your focus areas")
    [faster] = say(mentor, "plan hours 10")
    assert faster.heading.startswith("Now 10 h a week")
    assert "1/" in plain_text(faster) and "topics done" in plain_text(faster)
    stored = SqlStore(engine).plans.get(KEY)
    assert stored is not None and stored.progress == {"data-modeling": "done"}
    assert Plan.from_dict(stored.plan).focus_only and Plan.from_dict(stored.plan).hours_per_week == 10
    [refused] = say(mentor, "plan hours 90")
    assert "from 1 to 40" in plain_text(refused)
