"""Read and validate the files under ``content/``; a bad file fails fast, naming the file and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.models import (
    AreaFile,
    AreasFile,
    Content,
    CoverageFile,
    ReplacedFile,
    StacksFile,
    TipFile,
    Topic,
    TrackFile,
)

M = TypeVar("M", bound=BaseModel)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML when available: 10x faster


class ContentError(Exception):
    """A content file is missing, unreadable or invalid; the message names the file and the field."""


def load_content(root: Path) -> Content:
    """Load every content file under ``root`` into one validated :class:`Content`."""
    areas = _load(root / "areas.yaml", AreasFile).areas
    topics: dict[str, Topic] = {}
    for path in sorted((root / "topics").glob("*.yaml")):
        area_file = _load(path, AreaFile)
        for topic in area_file.topics:
            if topic.id in topics:
                raise ContentError(f"{path}: topic id {topic.id!r} is defined twice")
            topics[topic.id] = topic.model_copy(update={"area": area_file.area})
    tips = tuple(tip for path in sorted((root / "tips").glob("*.yaml")) for tip in _load(path, TipFile).tips)
    tracks = _load(root / "tracks.yaml", TrackFile).tracks
    coverage_path = root / "coverage.yaml"
    coverage = _load(coverage_path, CoverageFile).sources if coverage_path.exists() else ()
    replaced_path = root / "replaced.yaml"
    replaced = _load(replaced_path, ReplacedFile) if replaced_path.exists() else ReplacedFile()
    stacks_path = root / "stacks.yaml"
    stacks = _load(stacks_path, StacksFile) if stacks_path.exists() else None
    return Content(
        areas=areas,
        topics=topics,
        tips=tips,
        tracks=tracks,
        coverage=coverage,
        replaced_topics={r.old: r.new for r in replaced.topics},
        replaced_tips={r.old: r.new for r in replaced.tips},
        stacks=stacks,
    )


def _load(path: Path, model: type[M]) -> M:
    try:
        raw: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_describe(path, raw, exc)) from exc


def _describe(path: Path, raw: Any, exc: ValidationError) -> str:
    lines = [f"{path}: {exc.error_count()} invalid field(s)"]
    for error in exc.errors():
        lines.append(f"  {_field_path(raw, error['loc'])}: {error['msg']}")
    return "\n".join(lines)


def _field_path(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Turn ``('topics', 3, 'title')`` into ``topics[3] (id=redis).title``."""
    parts: list[str] = []
    node = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            try:
                node = node[key]
                if isinstance(node, dict) and "id" in node:
                    label += f" (id={node['id']})"
            except (IndexError, KeyError, TypeError):
                node = None
            parts.append(label)
        else:
            parts.append(f".{key}" if parts else str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(file)"
