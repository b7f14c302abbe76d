"""The console adapter as a person uses it: the real ``mentor`` command with piped input."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MENTOR = [sys.executable, "-m", "adapters.cli"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "MENTOR_DATA_DIR": str(tmp_path), "DATABASE_URL": ""} | {"LOG_LEVEL": "WARNING"}


def run(args: list[str], stdin: bytes, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    clean = {k: v for k, v in env.items() if v != ""}
    return subprocess.run([*MENTOR, *args], input=stdin, capture_output=True, env=clean, timeout=120, check=False)


def test_piped_console_answers_help_a_question_and_an_empty_line(env: dict[str, str]) -> None:
    result = run(["console"], b"help\nfoo\n\n", env)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "ask <question>" in out  # the help
    assert "Not sure" in out  # an honest reply to 'foo', offering topics
    assert "didn't catch a question" in out  # the empty line
    assert "Traceback" not in out + result.stderr.decode()


def test_hostile_console_input_gets_clear_replies_and_the_console_keeps_going(env: dict[str, str]) -> None:
    lines = [b"", b"x" * 100_000, b"\x00\x07\x1b[31mred", b"\xff\xfe\xc3(", b"what is caching"]
    result = run(["console"], b"\n".join(lines) + b"\n", env)
    out = result.stdout.decode()
    assert result.returncode == 0
    assert "over 4,000 characters" in out
    assert "Caching" in out  # the last line was still answered
    assert "Traceback" not in out + result.stderr.decode()


def test_buttons_are_numbered_choices_that_can_be_typed(env: dict[str, str]) -> None:
    result = run(["console"], b"topics caching\n1\n", env)
    out = result.stdout.decode()
    assert "[1]" in out
    assert "Why it matters" in out


def test_ask_json_contract(env: dict[str, str]) -> None:
    result = run(["ask", "--json", "what is caching"], b"", env)
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "kind", "topic", "topics", "confidence", "text", "faq", "reason", "first"}
    assert answer["faq"] is None and answer["reason"] is None and answer["first"] is None
    assert answer["kind"] == "topic"
    assert answer["topic"]["area"] == "caching"


def test_ask_json_reads_one_question_per_line(env: dict[str, str]) -> None:
    result = run(["ask", "--json"], b"what is redis\n\n   \nk8s\n", env)
    answers = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [a["kind"] for a in answers][1:3] == ["unsure", "unsure"]
    assert answers[0]["topic"]["id"] == "redis"
    assert answers[3]["topic"]["id"] == "kubernetes"


def test_content_export_json(env: dict[str, str]) -> None:
    result = run(["content", "export", "--json"], b"", env)
    data = json.loads(result.stdout)
    assert set(data) == {"topics", "tips", "tracks"}
    assert len(data["topics"]) >= 150
    assert set(data["topics"][0]) == {
        "id",
        "title",
        "area",
        "aliases",
        "level",
        "hours",
        "prerequisites",
        "tools",
        "related",
        "summary",
        "faqs",
        "checks",
        "misconceptions",
        "resources",
        "layer",
    }


def test_db_path_is_inside_the_data_dir(env: dict[str, str], tmp_path: Path) -> None:
    result = run(["db", "path"], b"", env)
    assert result.stdout.decode().strip() == str(tmp_path / "mentor.db")


def test_plan_json_prints_a_plan_without_storing_it(env: dict[str, str], tmp_path: Path) -> None:
    args = ["plan", "--json", "--level", "junior", "--target", "senior", "--focus", "databases,security"]
    result = run([*args, "--known", "sql,git", "--hours", "5"], b"", env)
    plan = json.loads(result.stdout)
    ids = [t["id"] for week in plan["weeks"] for t in week["topics"]]
    assert "sql" not in ids and "git-basics" not in ids
    assert "sql" in plan["skipped_known"]
    assert all(week["hours"] == sum(t["hours"] for t in week["topics"]) <= 5 for week in plan["weeks"])
    assert plan["weeks_total"] == len(plan["weeks"]) and plan["hours_per_week"] == 5 and plan["horizon"] == 12
    assert plan["hours_total"] == sum(week["hours"] for week in plan["weeks"])
    long = next(t for week in plan["weeks"] for t in week["topics"] if t["total_hours"] > 5)
    assert long["hours"] <= 5 and "/" in long["part"]
    one_hour = json.loads(run([*args, "--known", "sql,git", "--hours", "1"], b"", env).stdout)
    assert 4.5 <= one_hour["weeks_total"] / plan["weeks_total"] <= 5
    assert not (tmp_path / "mentor.db").exists()


def test_plan_json_stack_and_focus_only(env: dict[str, str]) -> None:
    args = ["plan", "--json", "--level", "junior", "--target", "mid", "--hours", "8"]
    unsure = json.loads(run(args, b"", env).stdout)
    languages = {"python", "go", "java", "nodejs", "rust"}
    unsure_ids = {t["id"] for week in unsure["weeks"] for t in week["topics"]}
    assert len(unsure_ids & languages) <= 1
    stack = json.loads(run([*args, "--stack", "go,gin"], b"", env).stdout)
    stack_ids = {t["id"] for week in stack["weeks"] for t in week["topics"]}
    assert stack_ids & languages == {"go"} and "gin" in stack_ids and "django" not in stack_ids
    trimmed = json.loads(run([*args, "--focus", "apis", "--focus-only"], b"", env).stdout)
    assert {t["area"] for week in trimmed["weeks"] for t in week["topics"]} == {"apis"}
    text = run(
        ["plan", "--level", "junior", "--target", "mid", "--hours", "8", "--focus", "apis"], b"", env
    ).stdout.decode()
    assert "About " in text and " · " in text


def test_plan_json_rejects_unknown_levels_and_areas(env: dict[str, str]) -> None:
    bad_level = run(["plan", "--json", "--level", "wizard", "--target", "senior", "--hours", "5"], b"", env)
    bad_area = run(
        ["plan", "--json", "--level", "junior", "--target", "mid", "--focus", "frontend", "--hours", "5"], b"", env
    )
    assert bad_level.returncode == 2 and b"unknown level" in bad_level.stderr
    assert bad_area.returncode == 2 and b"unknown area" in bad_area.stderr
    for hours in ("0", "41"):
        refused = run(["plan", "--json", "--level", "junior", "--target", "mid", "--hours", hours], b"", env)
        assert refused.returncode == 2 and b"between 1 and 40" in refused.stderr and not refused.stdout
    bad_stack = run(
        ["plan", "--json", "--level", "junior", "--target", "mid", "--hours", "5", "--stack", "cobol"], b"", env
    )
    assert bad_stack.returncode == 2 and b"unknown language or framework" in bad_stack.stderr


def test_digest_preview_json(env: dict[str, str]) -> None:
    result = run(["digest", "preview", "--json", "--destination", "slack:T1:c:C1"], b"", env)
    issue = json.loads(result.stdout)
    assert set(issue) == {"tip", "questions", "text"}
    assert set(issue["tip"]) == {"id", "concept", "tool", "form", "headline"}
    assert 2 <= len(issue["questions"]) <= 3


def test_a_wheel_built_from_the_repo_carries_content_and_migrations(tmp_path: Path) -> None:
    import zipfile  # noqa: PLC0415

    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(root),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("backend_mentor-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "content/areas.yaml" in names
    assert sum(n.startswith("content/topics/") for n in names) == 14
    assert any(n.startswith("adapters/sql/migrations/versions/0001") for n in names)
    assert "adapters/sql/migrations/env.py" in names
