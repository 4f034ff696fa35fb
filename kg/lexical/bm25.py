"""BM25 over passage ids, backed by bm25s (sparse, precomputed scores: fast at query time).

bm25s has no incremental API: `add` and `remove` rebuild the whole index from the stored terms
of every passage (O(corpus); tokenisation, the slow part, is not repeated). Batch changes into
one call. Terms are kept as one space-joined string per passage, the cheapest Python layout.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kg.errors import IndexMismatchError, InputError
from kg.lexical.tokenize import TOKENIZER_VERSION, tokenize_many

if TYPE_CHECKING:
    import bm25s

Tokenizer = Callable[[Sequence[str]], list[list[str]]]

_META = "lexical.json"
_DOCS = "docs.json"
_FORMAT = 1


class LexicalIndex:
    """BM25 (Lucene variant) keyed by string ids.

    `tokenizer` defaults to `tokenize_many`; another one (tests, benchmarks) must be passed again
    when loading, since a saved index is only valid for the tokenizer that built it.
    """

    def __init__(self, tokenizer: Tokenizer = tokenize_many, *, k1: float = 1.5, b: float = 0.75):
        self._tokenizer = tokenizer
        self._k1 = k1
        self._b = b
        self._ids: list[str] = []
        self._docs: list[str] = []
        self._row: dict[str, int] = {}
        self._model: bm25s.BM25 | None = None

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._row

    @property
    def tokenizer_name(self) -> str:
        if self._tokenizer is tokenize_many:
            return TOKENIZER_VERSION
        return f"custom:{getattr(self._tokenizer, '__qualname__', repr(self._tokenizer))}"

    def build(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        """Replace the whole index with these passages."""
        _check_batch(ids, texts)
        self._rebuild(list(ids), self._terms(texts))

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        """Insert passages, replacing any with the same id; rebuilds the index."""
        _check_batch(ids, texts)
        new = dict(zip(ids, self._terms(texts), strict=True))
        kept = [(i, d) for i, d in zip(self._ids, self._docs, strict=True) if i not in new]
        self._rebuild([i for i, _ in kept] + list(new), [d for _, d in kept] + list(new.values()))

    def remove(self, ids: Sequence[str]) -> None:
        """Drop passages by id (unknown ids are ignored); rebuilds the index if any matched."""
        gone = set(ids) & self._row.keys()
        if gone:
            kept = [(i, d) for i, d in zip(self._ids, self._docs, strict=True) if i not in gone]
            self._rebuild([i for i, _ in kept], [d for _, d in kept])

    def search(
        self, query: str, k: int, allowed: set[str] | None = None
    ) -> list[tuple[str, float]]:
        """Best `k` (id, score) pairs, highest first; only passages sharing a term with the query.

        `allowed` restricts results to those ids (scores are masked, not over-fetched, so a
        small allowed set still gets its full `k`).
        """
        if k < 1:
            raise InputError("k must be at least 1.")
        if self._model is None:
            return []
        terms = self._tokenizer([query])[0]
        term_ids = self._model.get_tokens_ids(terms)
        if not term_ids:
            return []
        scores = self._model.get_scores_from_ids(term_ids)
        if allowed is None:
            rows = np.flatnonzero(scores > 0)
        else:
            rows = np.fromiter((self._row[i] for i in allowed if i in self._row), dtype=np.int64)
            rows = rows[scores[rows] > 0]
        cand = scores[rows]
        if len(rows) > k:
            top = np.argpartition(-cand, k - 1)[:k]
            rows, cand = rows[top], cand[top]
        order = np.lexsort((rows, -cand))  # score desc, then insertion order for ties
        return [(self._ids[r], float(s)) for r, s in zip(rows[order], cand[order], strict=True)]

    def save(self, directory: str | os.PathLike[str]) -> None:
        """Write to a sibling temp directory, then swap it in, so readers never see half a save."""
        target = Path(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        if self._model is not None:
            self._model.save(str(tmp), show_progress=False)
        (tmp / _DOCS).write_text(json.dumps({"ids": self._ids, "docs": self._docs}), "utf-8")
        meta = {"format": _FORMAT, "tokenizer": self.tokenizer_name, "count": len(self)}
        (tmp / _META).write_text(json.dumps(meta | {"k1": self._k1, "b": self._b}), "utf-8")
        if target.exists():
            os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)

    def load(self, directory: str | os.PathLike[str]) -> None:
        """Replace this index with a saved one; IndexMismatchError if absent or inconsistent."""
        source = Path(directory)
        try:
            meta = json.loads((source / _META).read_text("utf-8"))
            stored = json.loads((source / _DOCS).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise IndexMismatchError(
                f"No readable lexical index at {source}; rebuild the index."
            ) from exc
        if meta.get("format") != _FORMAT or meta.get("tokenizer") != self.tokenizer_name:
            raise IndexMismatchError(
                f"Lexical index at {source} was built by tokenizer {meta.get('tokenizer')!r}, "
                f"this version uses {self.tokenizer_name!r}; rebuild the index."
            )
        ids, docs = stored["ids"], stored["docs"]
        model = None
        if ids:
            import bm25s  # imports scipy: deferred so CLI commands without search start fast

            model = bm25s.BM25.load(str(source), show_progress=False)
        n_model = int(model.scores["num_docs"]) if model is not None else 0
        if not (meta["count"] == len(ids) == len(docs) == n_model):
            raise IndexMismatchError(
                f"Lexical index at {source} is inconsistent ({meta['count']} passages listed, "
                f"{len(ids)} ids, {n_model} indexed); rebuild the index."
            )
        self._k1, self._b = meta["k1"], meta["b"]
        self._ids, self._docs, self._model = ids, docs, model
        self._row = {doc_id: r for r, doc_id in enumerate(ids)}

    def _terms(self, texts: Sequence[str]) -> list[str]:
        return [" ".join(terms) for terms in self._tokenizer(list(texts))]

    def _rebuild(self, ids: list[str], docs: list[str]) -> None:
        model = None
        if ids:
            import bm25s

            model = bm25s.BM25(k1=self._k1, b=self._b, method="lucene")
            model.index([d.split() for d in docs], show_progress=False)
        self._ids, self._docs, self._model = ids, docs, model
        self._row = {doc_id: r for r, doc_id in enumerate(ids)}


def _check_batch(ids: Sequence[str], texts: Sequence[str]) -> None:
    if len(ids) != len(texts):
        raise InputError(f"Got {len(ids)} ids but {len(texts)} texts.")
    if len(set(ids)) != len(ids):
        raise InputError("Passage ids must be unique within one batch.")
