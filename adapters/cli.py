"""The ``mentor`` command: reads settings once, wires adapters to the core, runs what was asked."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
from collections.abc import Sequence
from datetime import date
from types import FrameType

from adapters import console
from adapters.bootstrap import build_app, files_dir, load_app_content, vectors_dir
from adapters.embeddings import ModelError, OnnxEncoder, VectorCache, hybrid_answerer
from adapters.gaps_cli import add_gaps_parser
from adapters.logs import configure_console_logging, configure_logging
from adapters.quiz_cli import add_quiz_parser
from adapters.roles import Role, RoleError, parts_of
from adapters.settings import Settings
from adapters.sql.engine import make_engine, upgrade
from adapters.sql.schema_gate import SchemaNotReadyError, prepare_schema
from bot.answers.dense import targets
from bot.answers.engine import Answer, MentorAnswerer, too_long
from bot.content import LEVELS, ContentError
from bot.content.checks import check_content, content_warnings
from bot.content.export import export_content
from bot.messages import MAX_MESSAGE_CHARS, Destination
from bot.plans import PlanInputError, build_plan, match_topic, plan_export
from bot.plans.overview import plan_lines
from bot.plans.render import scope


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    if _is_console(args, settings):
        configure_console_logging(settings.log_level, settings.data_dir / "mentor.log")
    else:
        configure_logging(settings.log_level)
    try:
        return int(args.func(settings, args))
    except ContentError as exc:
        print(f"content error: {exc}", file=sys.stderr)
        return 2
    except ModelError as exc:
        print(f"embedding model error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _is_console(args: argparse.Namespace, settings: Settings) -> bool:
    """Whether this command chats in the terminal: then logs must not be printed over the prompt."""
    if args.func is _console:
        return True
    return args.func is _run and args.role is None and parts_of(Role.ALL, settings).console


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mentor", description="Backend Mentor: a mentor bot for backend engineers.")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="start everything configured (the console when no platform is), or one role")
    run.add_argument(
        "--role",
        choices=[r.value for r in Role if r is not Role.ALL],
        help="web: Slack HTTP; discord: the gateway; scheduler: the delivery scheduler (default: everything)",
    )
    run.set_defaults(func=_run)
    chat = sub.add_parser("console", help="chat with the mentor in this terminal")
    chat.set_defaults(func=_console)

    ask = sub.add_parser("ask", help="answer one question (or one per stdin line)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--json", action="store_true", help="print JSON objects")
    ask.set_defaults(func=_ask)

    plan = sub.add_parser("plan", help="print a learning plan without storing it")
    plan.add_argument("--json", action="store_true", help="print JSON")
    levels = ", ".join(LEVELS)
    plan.add_argument("--level", required=True, metavar="LEVEL", help=f"where you are: {levels}")
    plan.add_argument("--target", required=True, metavar="LEVEL", help=f"the level to reach: {levels}")
    plan.add_argument("--focus", default="", help="comma-separated areas (default: all)")
    plan.add_argument("--known", default="", help="comma-separated topics or tools already known")
    plan.add_argument("--hours", type=int, required=True, help="hours a week, 1-40")
    plan.add_argument("--stack", default=None, help="your language and framework, e.g. python,django (default: unsure)")
    plan.add_argument("--focus-only", action="store_true", help="leave out prerequisites outside the focus areas")
    plan.set_defaults(func=_plan)

    add_quiz_parser(sub)
    db = sub.add_parser("db", help="database tasks").add_subparsers(required=True, metavar="TASK")
    db.add_parser("upgrade", help="apply migrations").set_defaults(func=_db_upgrade)
    db.add_parser("path", help="print the SQLite file's path").set_defaults(func=_db_path)

    digest = sub.add_parser("digest", help="digest tasks").add_subparsers(required=True, metavar="TASK")
    preview = digest.add_parser("preview", help="print the next digest issue for a destination")
    preview.add_argument("--json", action="store_true", help="print JSON")
    preview.add_argument("--destination", default="console:local:c:console", help="e.g. slack:T123:c:C456")
    preview.set_defaults(func=_digest_preview)

    discord = sub.add_parser("discord", help="Discord tasks").add_subparsers(required=True, metavar="TASK")
    discord.add_parser("sync", help="register the /mentor commands with Discord now").set_defaults(func=_discord_sync)

    content = sub.add_parser("content", help="content tasks").add_subparsers(required=True, metavar="TASK")
    check = content.add_parser("check", help="validate content/ and the overlays of MENTOR_CONTENT_DIRS")
    check.add_argument("--warnings", action="store_true", help="also list what the content should still improve")
    check.set_defaults(func=_content_check)
    content.add_parser(
        "vectors", help="encode every card and FAQ entry for answer retrieval (once; `make install` runs it)"
    ).set_defaults(func=_content_vectors)
    export = content.add_parser("export", help="print the content as JSON")
    export.add_argument("--json", action="store_true", required=True)
    export.set_defaults(func=_content_export)
    add_gaps_parser(content)
    return parser


def _run(settings: Settings, args: argparse.Namespace) -> int:
    role = Role(args.role) if args.role else Role.ALL
    try:
        parts_of(role, settings)
    except RoleError as exc:
        print(f"mentor run: {exc}", file=sys.stderr)
        return 2
    from adapters import runner  # noqa: PLC0415 (platform SDKs load only for `mentor run`, keeping `mentor ask` fast)

    app = build_app(settings, migrate=False, dense=role is not Role.SCHEDULER)  # the scheduler answers nothing
    try:
        prepare_schema(app.store.engine, settings.mentor_schema_wait_seconds)
        return asyncio.run(runner.serve(app, role))
    except SchemaNotReadyError as exc:
        print(f"mentor run: {exc}", file=sys.stderr)
        return 3
    finally:
        app.close()


def _console(settings: Settings, _args: argparse.Namespace) -> int:
    app = build_app(settings)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        chat = console.ConsoleChat(app.mentor, timezone=console.local_zone(), files_dir=files_dir(app.settings))
        if console.is_terminal():
            return console.run_interactive(chat)
        return console.run_piped(chat, sys.stdin.buffer, sys.stdout)
    except KeyboardInterrupt:
        return 0
    finally:
        app.close()


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    answerers: list[MentorAnswerer] = []  # the content loads for the first question that fits the cap, not before
    questions = [" ".join(args.question)] if args.question else console.stdin_lines(sys.stdin.buffer)
    for question in questions:
        if len(question) > MAX_MESSAGE_CHARS:
            answer = too_long(question)
        else:
            answerers = answerers or [hybrid_answerer(load_app_content(settings), vectors_dir(settings))]
            answer = answerers[0].answer(question)
        print(
            json.dumps(answer_json(answer), ensure_ascii=False)
            if args.json
            else console.plain_text_numbered(answer.reply)
        )
        sys.stdout.flush()
    return 0


def answer_json(answer: Answer) -> dict[str, object]:
    """The documented JSON form of an answer."""
    topic = answer.topic
    return {
        "question": answer.question,
        "kind": answer.kind,
        "topic": {"id": topic.id, "title": topic.title, "area": topic.area} if topic else None,
        "topics": [
            {"id": s.topic.id, "title": s.topic.title, "area": s.topic.area, "score": s.score} for s in answer.topics
        ],
        "confidence": answer.confidence,
        "reason": answer.reason,
        "text": console.plain_text_numbered(answer.reply),
        "faq": {"id": answer.faq.id, "question": answer.faq.question} if answer.faq else None,
        "first": answer.first.id if answer.first else None,
    }


def _digest_preview(settings: Settings, args: argparse.Namespace) -> int:
    try:
        destination = Destination.from_key(args.destination)
    except ValueError:
        print("--destination must look like slack:T123:c:C456 or discord:G1:u:U1", file=sys.stderr)
        return 2
    app = build_app(settings, dense=False)
    try:
        reply, posted = app.mentor.digests.composer.next_issue(destination)
    finally:
        app.close()
    tip = app.content.tip(posted.tip_id)
    assert tip is not None
    if not args.json:
        print(console.plain_text_numbered(reply))
        return 0
    document = {
        "tip": {"id": tip.id, "concept": tip.concept, "tool": tip.tool, "form": tip.form, "headline": tip.headline},
        "questions": list(tip.ask_next),
        "text": console.plain_text_numbered(reply),
    }
    print(json.dumps(document, ensure_ascii=False))
    return 0


def _plan(settings: Settings, args: argparse.Namespace) -> int:
    content = load_app_content(settings)
    known, unknown = [], []
    for name in filter(None, (part.strip() for part in args.known.split(","))):
        topic, _ = match_topic(content, name)
        (known.append(topic.id) if topic else unknown.append(name))
    if unknown:
        print(f"unknown topic(s) in --known: {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        plan = build_plan(
            content,
            level=args.level,
            target=args.target,
            focus=[a.strip() for a in args.focus.split(",") if a.strip()],
            known=known,
            hours_per_week=args.hours,
            stack=None if args.stack is None else [p.strip() for p in args.stack.split(",") if p.strip()],
            focus_only=args.focus_only,
        )
    except PlanInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    exported = plan_export(content, plan)
    if args.json:
        print(json.dumps(exported, ensure_ascii=False))
        return 0
    print(scope(content, plan))
    for line in plan_lines(content, plan):
        print(line)
    return 0


def _discord_sync(settings: Settings, _args: argparse.Namespace) -> int:
    if settings.discord_token is None:
        print("DISCORD_TOKEN is not set", file=sys.stderr)
        return 2
    from adapters.discord import sync_commands  # noqa: PLC0415 (heavy SDK, only when asked for)

    synced = asyncio.run(sync_commands(settings))
    print(f"synced {len(synced)} command group(s)")
    return 0


def _db_upgrade(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.sqlalchemy_url)
    upgrade(engine)
    engine.dispose()
    print("database is up to date")
    return 0


def _db_path(settings: Settings, _args: argparse.Namespace) -> int:
    if settings.database_url is not None and not settings.sqlalchemy_url.startswith("sqlite"):
        print("DATABASE_URL points at a server database; there is no local file", file=sys.stderr)
        return 1
    print(settings.sqlalchemy_url.removeprefix("sqlite:///"))
    return 0


def _content_check(settings: Settings, args: argparse.Namespace) -> int:
    content = load_app_content(settings)
    problems = check_content(content)
    warnings = content_warnings(content, date.today())
    for line in warnings if args.warnings else ():
        print(f"warning: {line}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    faqs = sum(len(t.faqs) for t in content.topics.values())
    layers = sorted({t.layer for t in content.topics.values()} | {t.layer for t in content.tips})
    print(
        f"content OK: {len(content.topics)} topics, {faqs} FAQ entries, {len(content.tips)} tips, "
        f"{len(content.tracks)} tracks; layers: {', '.join(layers)}"
    )
    if warnings and not args.warnings:
        print(f"{len(warnings)} warning(s); list them with `mentor content check --warnings`")
    return 0


def _content_vectors(settings: Settings, _args: argparse.Namespace) -> int:
    content = load_app_content(settings)
    encoder = OnnxEncoder(cache_dir=vectors_dir(settings))
    texts = [t.text for t in targets(content)]
    cache = VectorCache(vectors_dir(settings))
    cached = cache.load(encoder.model_id, texts) is not None
    cache.vectors(encoder, texts)
    state = "already built" if cached else "built"
    print(f"answer vectors {state}: {len(texts)} cards and FAQ entries, {encoder.model_id}, in {cache.folder}")
    return 0


def _content_export(settings: Settings, _args: argparse.Namespace) -> int:
    print(json.dumps(export_content(load_app_content(settings)), ensure_ascii=False, indent=1))
    return 0


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    raise SystemExit(main())
