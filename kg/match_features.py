"""Features of every (policy, industry) pair of a scheme, computed as matrices.

All pairs are scored at once with matrix products (docs × concepts); nothing loops over
pairs in Python. Row-normalised ("_z") features compare industries within one policy;
column-normalised ones ("_col") compare policies for one industry, which removes the pull
that some labels have on every text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from kg.analytics import PageRankIndex, project
from kg.documents import PolicyRecord, load_policies
from kg.embed import Embedder
from kg.lexical.tokenize import tokenize_many
from kg.match_head import LabelHead
from kg.ontology import SPARQL_PREFIXES, concept_iri
from kg.profiles import ProfileSet, build_profiles
from kg.store.base import Store
from kg.taxonomy import KSIC

FEATURES = (
    "dense_doc",
    "dense_label",
    "dense_passage",
    "dense_prf",
    "dense_metric",
    "dense_doc_z",
    "dense_doc_col",
    "lexical",
    "lexical_z",
    "label_terms",
    "entity",
    "entity_z",
    "supervised",
    "label_offset",
)
COMPONENT_OF = {
    "dense_doc": "text_dense",
    "dense_label": "text_dense",
    "dense_passage": "text_dense",
    "dense_prf": "text_dense",
    "dense_metric": "text_dense",
    "dense_doc_z": "text_dense",
    "dense_doc_col": "text_dense",
    "lexical": "text_lexical",
    "lexical_z": "text_lexical",
    "label_terms": "text_lexical",
    "entity": "entity",
    "entity_z": "entity",
    "supervised": "supervised",
    "label_offset": "supervised",
}
PRF_SHARE = 0.3


@dataclass
class FeatureSet:
    docs: list[PolicyRecord]
    profiles: ProfileSet
    values: np.ndarray  # docs × concepts × len(FEATURES)
    passage_vectors: np.ndarray
    passage_owner: np.ndarray  # passage row → doc index
    graph: nx.Graph
    doc_vectors: np.ndarray | None = None
    head: int | None = None  # which supervised head of the model applied, if any

    def feature(self, name: str) -> np.ndarray:
        return self.values[:, :, FEATURES.index(name)]


def _zrow(m: np.ndarray) -> np.ndarray:
    return (m - m.mean(axis=1, keepdims=True)) / (m.std(axis=1, keepdims=True) + 1e-6)


def _zcol(m: np.ndarray) -> np.ndarray:
    if m.shape[0] < 5:  # too few policies to say what is typical for an industry
        return np.zeros_like(m)
    return (m - m.mean(axis=0, keepdims=True)) / (m.std(axis=0, keepdims=True) + 1e-6)


def _segment_max(scores: np.ndarray, owner: np.ndarray, n_docs: int) -> np.ndarray:
    out = np.full((n_docs, scores.shape[1]), -1.0, dtype=np.float32)
    np.maximum.at(out, owner, scores)
    return out


def _term_matrix(token_lists: list[list[str]], vocab: dict[str, int]) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for i, tokens in enumerate(token_lists):
        for term, count in Counter(tokens).items():
            j = vocab.get(term)
            if j is not None:
                rows.append(i)
                cols.append(j)
                vals.append(float(count))
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(token_lists), len(vocab)))


def lexical_features(
    doc_texts: list[str], profile_texts: list[str], label_texts: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """tf-idf overlap with the whole profile, and the share of label terms present."""
    doc_tokens = tokenize_many(doc_texts)
    prof_tokens = tokenize_many(profile_texts)
    label_tokens = tokenize_many(label_texts)
    vocab = {t: i for i, t in enumerate(sorted({t for ts in prof_tokens for t in ts}))}
    if not vocab:
        shape = (len(doc_texts), len(profile_texts))
        return np.zeros(shape), np.zeros(shape)
    tf = _term_matrix(doc_tokens, vocab)
    df = np.asarray((tf > 0).sum(axis=0)).ravel()
    idf = np.log((len(doc_texts) + 1) / (df + 1)) + 1.0
    x = sp.csr_matrix(tf.log1p() @ sp.diags(idf))
    q = _term_matrix(prof_tokens, vocab)
    q = sp.diags(1.0 / np.maximum(np.asarray(q.sum(axis=1)).ravel(), 1.0)) @ q
    lexical = np.asarray((x @ q.T).todense())
    lb = (_term_matrix(label_tokens, vocab) > 0).astype(np.float64)
    present = (tf > 0).astype(np.float64)
    sizes = np.maximum(np.asarray(lb.sum(axis=1)).ravel(), 1.0)
    label_terms = np.asarray((present @ lb.T).todense()) / sizes
    return lexical, label_terms


def entity_features(
    store: Store, docs: list[PolicyRecord], profiles: ProfileSet
) -> tuple[np.ndarray, nx.Graph]:
    """Personalised PageRank from each policy over the graph, read at each industry."""
    graph = project(store)
    for p in profiles.profiles:  # automatic alignments take part like explicit mappings
        for code, _, sim in p.aligned:
            graph.add_edge(p.iri, concept_iri(KSIC, code), weight=max(sim, 0.1), label="aligned")
    out = np.zeros((len(docs), len(profiles.profiles)), dtype=np.float32)
    if graph.number_of_nodes() == 0:
        return out, graph
    index = PageRankIndex.from_graph(graph)
    scores = index.personalised([{d.iri: 1.0} for d in docs])
    for j, p in enumerate(profiles.profiles):
        row = index.position.get(p.iri)
        if row is not None:
            out[:, j] = scores[row, :]
    return np.log1p(out * 1000.0), graph


def entity_summaries(store: Store, docs: list[PolicyRecord], top: int = 30) -> list[str]:
    """Each policy as the English labels of the concepts it mentions, most mentioned first.

    This is what carries a Korean policy across to an English-only embedding model: the
    entities were linked from Korean text, their labels exist in both languages.
    """
    rows = store.select(
        SPARQL_PREFIXES
        + """SELECT ?d ?label (COUNT(?m) AS ?n) WHERE {
          ?m pkg:refersTo ?c ; pkg:inPassage/pkg:passageOf ?d .
          ?c skos:prefLabel ?label FILTER(lang(?label) = "en") }
        GROUP BY ?d ?label ORDER BY ?d DESC(?n)"""
    )
    labels: dict[str, list[str]] = {}
    for r in rows:
        labels.setdefault(str(r["d"]), []).append(str(r["label"]))
    return ["; ".join(labels.get(d.iri, [])[:top]) or d.title for d in docs]


def compute_features(
    store: Store,
    embedder: Embedder,
    scheme: str,
    metric: np.ndarray | None = None,
    heads: Sequence[LabelHead] = (),
) -> FeatureSet:
    """All pair features of a scheme. `metric`: learned weights of a diagonal similarity
    between policy and label embeddings (from the match model); absent → the feature is 0.
    `heads`: supervised heads; the first trained for this scheme's labels (and this embedding
    model) fills `supervised` and `label_offset`, which are 0 otherwise."""
    docs = load_policies(store)
    profiles = build_profiles(store, scheme, embedder)
    n_docs, n_concepts = len(docs), len(profiles.profiles)
    if not n_docs or not n_concepts:
        empty = np.zeros((n_docs, n_concepts, len(FEATURES)), dtype=np.float32)
        return FeatureSet(docs, profiles, empty, np.zeros((0, 1)), np.zeros(0, int), nx.Graph())
    # A Korean policy is seen by the (possibly English-only) model through its English title
    # and the English labels of the entities linked in it.
    korean = np.array([d.language == "ko" for d in docs])
    summaries = entity_summaries(store, docs) if korean.any() else []
    views = [
        f"{d.title}. {summaries[i]}" if korean[i] else d.summary_text() for i, d in enumerate(docs)
    ]
    doc_vectors = embedder.encode(views)
    passages = [p for d in docs for p in d.passages]
    owner = np.array([i for i, d in enumerate(docs) for _ in d.passages])
    passage_vectors = embedder.encode([p.text for p in passages])
    pv, lv = profiles.profile_vectors, profiles.label_vectors
    dense_doc = doc_vectors @ pv.T
    dense_label = doc_vectors @ lv.T
    dense_passage = _segment_max(passage_vectors @ pv.T, owner, n_docs)
    dense_passage[korean] = dense_doc[korean]
    # Pseudo-relevance feedback: move each profile towards its best-matching policies.
    m = max(1, min(10, n_docs // 10))
    top = np.argsort(-dense_doc, axis=0)[:m]  # m × concepts
    centroid = doc_vectors[top].mean(axis=0)  # concepts × dim
    prf = (1 - PRF_SHARE) * pv + PRF_SHARE * centroid
    prf /= np.linalg.norm(prf, axis=1, keepdims=True)
    dense_prf = doc_vectors @ prf.T
    dense_metric = np.zeros_like(dense_doc)
    if metric is not None and metric.shape[0] == lv.shape[1]:
        # (d ⊙ l) · w for every pair at once: d · (l ⊙ w).
        dense_metric = doc_vectors @ (lv * metric[None, :]).T
    lexical, label_terms = lexical_features(
        [d.title + "\n" + d.text for d in docs],
        [p.lexical_text() for p in profiles.profiles],
        [p.label for p in profiles.profiles],
    )
    entity, graph = entity_features(store, docs, profiles)
    supervised = np.zeros_like(dense_doc)
    label_offset = np.zeros_like(dense_doc)
    head_index = None
    for h, head in enumerate(heads):
        rows = head.alignment([p.label for p in profiles.profiles])
        if rows is not None and head.embedding_model == embedder.model_name:
            supervised, label_offset = head.features(doc_vectors, rows)
            head_index = h
            break
    columns = {
        "dense_doc": dense_doc,
        "dense_label": dense_label,
        "dense_passage": dense_passage,
        "dense_prf": dense_prf,
        "dense_metric": dense_metric,
        "dense_doc_z": _zrow(dense_doc),
        "dense_doc_col": _zcol(dense_doc),
        "lexical": lexical,
        "lexical_z": _zrow(lexical),
        "label_terms": label_terms,
        "entity": entity,
        "entity_z": _zrow(entity) if n_concepts > 1 else entity,
        "supervised": supervised,
        "label_offset": label_offset,
    }
    values = np.stack([columns[f] for f in FEATURES], axis=-1).astype(np.float32)
    assert not math.isnan(float(values.sum())), "feature computation produced NaN"
    return FeatureSet(
        docs, profiles, values, passage_vectors, owner, graph, doc_vectors, head_index
    )
