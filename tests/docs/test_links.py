"""Every relative link and #anchor in README.md and docs/*.md points at something that exists."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PARSER = MarkdownIt("commonmark").enable("table")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings (a repeated heading gets -1, -2, …)."""
    tokens = PARSER.parse(page.read_text(encoding="utf-8"))
    seen: Counter[str] = Counter()
    found = set()
    for opening, inline in itertools.pairwise(tokens):
        if opening.type == "heading_open":
            base = slug(_text(inline))
            found.add(base if not seen[base] else f"{base}-{seen[base]}")
            seen[base] += 1
    return found


def links(page: Path) -> list[str]:
    """Every link target on a page outside code blocks and code spans."""
    targets = []
    for token in PARSER.parse(page.read_text(encoding="utf-8")):
        for child in token.children or ():
            if child.type == "link_open":
                targets.append(str(child.attrs["href"]))
    return targets


def broken(page: Path) -> list[str]:
    """The relative links of ``page`` whose file or anchor does not exist."""
    problems = []
    for target in links(page):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            continue
        path = (page.parent / unquote(parts.path)).resolve() if parts.path else page
        if not path.exists():
            problems.append(f"{target}: no such file")
        elif parts.fragment and path.suffix == ".md" and unquote(parts.fragment) not in anchors(path):
            problems.append(f"{target}: no heading with that anchor in {path.name}")
    return problems


def test_the_pages_exist() -> None:
    names = {p.name for p in PAGES}
    expected = {"slack.md", "discord.md", "deploy.md", "operations.md", "content.md", "architecture.md", "privacy.md"}
    assert {"README.md", *expected} <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_and_anchors_resolve(page: Path) -> None:
    assert broken(page) == []


def test_the_readme_fits_a_screen() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 150


def test_the_checker_catches_a_missing_file_and_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Set-up in five steps (Socket Mode)\n\n## Settings\n\n## Settings\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#set-up-in-five-steps-socket-mode) [dup](other.md#settings-1) [self](#top)\n\n# Top\n\n"
        "[gone](missing.md) [bad anchor](other.md#nowhere) [web](https://example.com/x#y)\n\n"
        "`[code](ignored.md)`\n"
    )
    assert broken(page) == [
        "missing.md: no such file",
        "other.md#nowhere: no heading with that anchor in other.md",
    ]
