"""BERT's uncased WordPiece tokenizer, read from a ``tokenizer.json``: a few dozen lines instead of a dependency.

Does what the ``tokenizers`` library does for this file (BertNormalizer with lowercasing and accent stripping,
BertPreTokenizer, WordPiece with ``##`` continuations, ``[CLS] … [SEP]``); the integration tests compare the two.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

MAX_WORD_CHARS = 100


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_chinese(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def normalize(text: str) -> str:
    """Drop control characters, space out CJK characters, strip accents and lowercase."""
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp in (0, 0xFFFD):
            continue
        if ch in "\t\n\r" or unicodedata.category(ch) == "Zs":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        elif _is_chinese(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    folded = unicodedata.normalize("NFD", "".join(out))
    return "".join(ch for ch in folded if unicodedata.category(ch) != "Mn").lower()


def pre_tokenize(text: str) -> list[str]:
    """Split on whitespace and cut every punctuation character out as a word of its own."""
    words: list[str] = []
    for chunk in text.split():
        current = ""
        for ch in chunk:
            if _is_punctuation(ch):
                if current:
                    words.append(current)
                    current = ""
                words.append(ch)
            else:
                current += ch
        if current:
            words.append(current)
    return words


class WordPiece:
    """Text to token ids for one vocabulary."""

    def __init__(self, vocab: dict[str, int], max_tokens: int) -> None:
        self.vocab = vocab
        self.max_tokens = max_tokens
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]
        self._cache: dict[str, list[int]] = {}

    @classmethod
    def from_file(cls, path: Path) -> WordPiece:
        spec = json.loads(path.read_text(encoding="utf-8"))
        truncation = spec.get("truncation") or {}
        return cls(spec["model"]["vocab"], int(truncation.get("max_length", 512)))

    def encode(self, text: str) -> list[int]:
        """``[CLS]`` + word pieces + ``[SEP]``, truncated to ``max_tokens`` in all."""
        ids = [self.cls]
        limit = self.max_tokens - 1
        for word in pre_tokenize(normalize(text)):
            ids.extend(self._word(word))
            if len(ids) >= limit:
                del ids[limit:]
                break
        ids.append(self.sep)
        return ids

    def _word(self, word: str) -> list[int]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        pieces = self._pieces(word)
        if len(self._cache) < 50_000:
            self._cache[word] = pieces
        return pieces

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces
