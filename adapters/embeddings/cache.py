"""Target vectors cached on disk, keyed by the model id and the hash of the texts: encoded once, read at start."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.ports import Encoder, Vectors

log = logging.getLogger(__name__)


def cache_key(model_id: str, texts: Sequence[str]) -> str:
    digest = hashlib.sha256(model_id.encode())
    for text in texts:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()[:32]


class VectorCache:
    """One ``.npy`` file per (model, texts) pair in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, model_id: str, texts: Sequence[str]) -> Path:
        return self.folder / f"{cache_key(model_id, texts)}.npy"

    def load(self, model_id: str, texts: Sequence[str]) -> Vectors | None:
        """The cached vectors, or None when there are none (or the file is damaged)."""
        path = self.path(model_id, texts)
        try:
            vectors: Vectors = np.load(path, allow_pickle=False)
        except (OSError, ValueError):
            return None
        if vectors.ndim != 2 or vectors.shape[0] != len(texts) or vectors.dtype != np.float32:
            log.warning("ignoring a damaged vector cache file", extra={"path": str(path)})
            return None
        return vectors

    def vectors(self, encoder: Encoder, texts: Sequence[str]) -> Vectors:
        """The cached vectors of ``texts``, encoding and storing them first when missing."""
        cached = self.load(encoder.model_id, texts)
        if cached is not None:
            return cached
        log.info("encoding %d texts for the answer index (once per content and model)", len(texts))
        vectors = encoder.encode(list(texts)).astype(np.float32)
        self._store(self.path(encoder.model_id, texts), vectors)
        return vectors

    def _store(self, path: Path, vectors: Vectors) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                np.save(out, vectors, allow_pickle=False)
            Path(temporary).replace(path)
        except OSError as exc:  # a read-only data directory: answer anyway, encode again next start
            log.warning("cannot write the vector cache: %s", exc)
