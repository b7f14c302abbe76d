"""Read and validate the files under ``content/``; a bad file fails fast, naming the file and the field."""

from __future__ import annotations

from collections.abc import Sequence
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
    SynonymsFile,
    Tip,
    TipFile,
    Topic,
    TrackFile,
)

M = TypeVar("M", bound=BaseModel)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # LibYAML when available: 10x faster


class ContentError(Exception):
    """A content file is missing, unreadable or invalid; the message names the file and the field."""


def load_content(root: Path, overlays: Sequence[Path] = ()) -> Content:
    """Load every content file under ``root``, then layer each overlay folder on top, in order.

    An overlay may add topics and tips, add FAQ entries to a packaged topic, and override a packaged topic's
    fields by giving its id with the fields to replace. Each topic and tip remembers the layer it came from.
    """
    areas = _load(root / "areas.yaml", AreasFile).areas
    topics: dict[str, Topic] = {}
    for path in sorted((root / "topics").glob("*.yaml")):
        area_file = _load(path, AreaFile)
        for topic in area_file.topics:
            if topic.id in topics:
                raise ContentError(f"{path}: topic id {topic.id!r} is defined twice")
            topics[topic.id] = topic.model_copy(update={"area": area_file.area})
    tips = [tip for path in sorted((root / "tips").glob("*.yaml")) for tip in _load(path, TipFile).tips]
    for overlay in overlays:
        _apply_overlay(overlay, topics, tips)
    tracks = _load(root / "tracks.yaml", TrackFile).tracks
    coverage_path = root / "coverage.yaml"
    coverage = _load(coverage_path, CoverageFile).sources if coverage_path.exists() else ()
    replaced_path = root / "replaced.yaml"
    replaced = _load(replaced_path, ReplacedFile) if replaced_path.exists() else ReplacedFile()
    stacks_path = root / "stacks.yaml"
    stacks = _load(stacks_path, StacksFile) if stacks_path.exists() else None
    synonyms_path = root / "synonyms.yaml"
    synonyms = _load(synonyms_path, SynonymsFile).synonyms if synonyms_path.exists() else {}
    return Content(
        areas=areas,
        topics=topics,
        tips=tuple(tips),
        tracks=tracks,
        coverage=coverage,
        replaced_topics={r.old: r.new for r in replaced.topics},
        replaced_tips={r.old: r.new for r in replaced.tips},
        stacks=stacks,
        synonyms={alias.lower(): meaning for alias, meaning in synonyms.items()},
    )


def _apply_overlay(folder: Path, topics: dict[str, Topic], tips: list[Tip]) -> None:
    """Layer one team folder (``topics/*.yaml``, ``tips/*.yaml``) over what is loaded so far."""
    if not folder.is_dir():
        raise ContentError(f"{folder}: overlay folder not found (MENTOR_CONTENT_DIRS)")
    layer = str(folder)
    for path in sorted((folder / "topics").glob("*.yaml")):
        raw = _read(path)
        if not isinstance(raw, dict) or not isinstance(raw.get("topics"), list):
            raise ContentError(f"{path}: an overlay topics file needs `area:` and a `topics:` list")
        area = str(raw.get("area", ""))
        for index, entry in enumerate(raw["topics"]):
            if not isinstance(entry, dict) or "id" not in entry:
                raise ContentError(f"{path}: topics[{index}]: each entry needs an id")
            base = topics.get(str(entry["id"]))
            merged = _merge(base, entry, area) if base else {**entry, "area": area}
            topics[str(entry["id"])] = _validate(path, Topic, {**merged, "layer": layer}, f"topics[{index}]")
    by_id = {tip.id: i for i, tip in enumerate(tips)}
    for path in sorted((folder / "tips").glob("*.yaml")):
        for loaded in _load(path, TipFile).tips:
            tip = loaded.model_copy(update={"layer": layer})
            if tip.id in by_id:
                tips[by_id[tip.id]] = tip
            else:
                by_id[tip.id] = len(tips)
                tips.append(tip)


def _merge(base: Topic, entry: dict[str, Any], area: str) -> dict[str, Any]:
    """A packaged topic with an overlay's fields replacing its own; FAQ entries are added, not replaced."""
    merged = base.model_dump()
    for key, value in entry.items():
        if key == "faqs" and isinstance(value, list):
            merged["faqs"] = [*merged["faqs"], *value]
        else:
            merged[key] = value
    if area and area != base.area:
        merged["area"] = area
    return merged


def _load(path: Path, model: type[M]) -> M:
    return _validate(path, model, _read(path))


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError as exc:
        raise ContentError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: cannot read: {exc}") from exc


def _validate(path: Path, model: type[M], raw: Any, where: str = "") -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ContentError(_describe(path, raw, exc, where)) from exc


def _describe(path: Path, raw: Any, exc: ValidationError, where: str = "") -> str:
    lines = [f"{path}: {exc.error_count()} invalid field(s)"]
    for error in exc.errors():
        field = _field_path(raw, error["loc"])
        lines.append(f"  {where}.{field}: {error['msg']}" if where else f"  {field}: {error['msg']}")
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
