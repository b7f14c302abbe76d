"""The sentence encoder behind dense answer retrieval, and the on-disk cache of the content's vectors."""

from __future__ import annotations

from pathlib import Path

from adapters.embeddings.cache import VectorCache
from adapters.embeddings.onnx import ModelError, OnnxEncoder
from bot.answers.anchors import OFF_TOPIC
from bot.answers.dense import targets
from bot.answers.engine import MentorAnswerer
from bot.content import Content
from bot.ports import Encoder

__all__ = ["ModelError", "OnnxEncoder", "VectorCache", "hybrid_answerer"]


def hybrid_answerer(content: Content, cache_dir: Path, encoder: Encoder | None = None) -> MentorAnswerer:
    """The answerer with dense retrieval: the encoder loaded, the vectors of the content's targets and of the
    off-topic anchors from the cache."""
    encoder = encoder or OnnxEncoder(cache_dir=cache_dir)
    cache = VectorCache(cache_dir)
    vectors = cache.vectors(encoder, [t.text for t in targets(content)])
    return MentorAnswerer(content, encoder, vectors, off_topic=cache.vectors(encoder, OFF_TOPIC))
