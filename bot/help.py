"""The ``help`` reply: what the mentor can do, listing only commands that exist."""

from __future__ import annotations

from bot.messages import Bullets, Button, Paragraph, Reply

COMMANDS: tuple[tuple[str, str], ...] = (
    ("ask <question>", "a short mentor answer: the concept, why it matters, what to learn first, how to practice"),
    ("topics [area]", "browse the 14 areas of backend engineering, or the topics of one area"),
    ("plan", "a personal week-by-week learning plan, built in a DM (`plan picture`, `plan reset`)"),
    ("done <topic> / skip <topic>", "mark a step of your plan"),
    ("checkin on [day] [HH:MM] [zone] / checkin off", "a weekly DM with your progress and next steps"),
    ("plan all / progress", "every week of your plan / how far you are, your streak and reviews due"),
    ("quiz [topic|area] / review", "recall first: check questions spaced by FSRS; `review` asks what is due"),
    ("review on [days] [HH:MM] [zone] / review off", "a DM when reviews are due, never when none are"),
    ("more / example / why? / what next?", "right after an answer, in its thread or DM: more on the same topic"),
    ("good / bad (or 👍 / 👎), missing: …", "tell me whether an answer helped and what was missing"),
    ("tip", 'one "concept before tool" tip, privately'),
    ("digest me on [days] [HH:MM] [zone]", "the weekly digest by DM (`digest me off` stops it)"),
    ("digest subscribe [#channel|here] [days] [HH:MM] [zone]", "admins: a weekly digest in a channel"),
    ("digest unsubscribe | status | preview | now", "manage and inspect channel digests"),
    ("team map / team share on|off", "where the team is strong and thin (counts; names only of people who share)"),
    ("partners join [area] / partners leave / partners snooze 2w", "a weekly learning partner from your team"),
    ("team summary on [#channel|me] [day] [HH:MM] [zone]", "admins: the lead's weekly team summary (`team` lists all)"),
    ("mentors channel #channel / mentors off", "admins: where questions I can't answer go to a human"),
    ("export me / forget me", "a copy of everything I keep about you / erase it all"),
    ("help", "this list"),
)


def help_reply() -> Reply:
    return Reply(
        heading="Backend Mentor",
        blocks=(
            Paragraph(
                "I help backend engineers grow, concept before tool. Ask me anything — "
                "for example “what is database indexing” or “redis vs memcached”."
            ),
            Bullets(tuple(f"`{usage}` — {what}" for usage, what in COMMANDS)),
        ),
        buttons=(
            Button("Browse topics", "topics"),
            Button("What is caching?", "ask what is caching"),
        ),
        footer="Any message that is not a command is treated as a question. English only.",
    )
