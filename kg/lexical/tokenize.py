"""Index terms for mixed Korean/English text: the same function serves documents and queries.

Korean goes through Kiwi morphological analysis and keeps content morphemes only (nouns, roots,
foreign words, numbers, verb/adjective stems), so "광주의" and "광주를" both index as "광주".
Adjacent nouns written without a space ("광산업", "광주광역시") also yield their joined form,
because Kiwi splits compounds inconsistently across contexts and users type them both ways.
Latin-script words are lowercased, stop-word filtered and Snowball-stemmed ("vehicles" ->
"vehicl"), both inside Korean text and in English-only text, so either path yields the same terms.

Bump TOKENIZER_VERSION whenever the output changes: saved lexical indexes record it and refuse to
load under a different version.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from kg.lang import has_hangul

if TYPE_CHECKING:
    from kiwipiepy import Kiwi, Token

TOKENIZER_VERSION = "kiwi-cong+snowball-en/1"

_NOUNS = frozenset({"NNG", "NNP"})
_KEEP = _NOUNS | {"XR", "SH", "SN"}
_VERB_STEMS = frozenset({"VV", "VA"})
# Light verbs and auxiliaries carry grammar, not topic.
_KO_STOP_VERBS = frozenset({"하다", "있다", "없다", "되다", "같다", "위하다", "않다", "이다"})

_EN_STOP_WORDS = (
    "a about above after again against all also am an and any are as at be because been before "
    "being below between both but by can could did do does doing down during each few for from "
    "further had has have having he her here hers him his how i if in into is it its itself just "
    "may me might more most must my no nor not now of off on once only or other our ours out over "
    "own per same she should so some such than that the their theirs them then there these they "
    "this those through to too under until up upon us very via was we were what when where which "
    "while who whom why will with within without would you your yours"
)
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
# Latin words and plain numbers; "R&D" -> r, d (single letters are then dropped), like Kiwi does.
_EN_WORD = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*")

_local = threading.local()


@cache
def _kiwi() -> Kiwi:
    """One analyser per process, built on first use (loading the model takes about a second)."""
    from kiwipiepy import Kiwi

    return Kiwi()


def _stem(word: str) -> str:
    # PyStemmer objects must not be shared between threads.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


def _latin_term(word: str) -> str | None:
    word = word.lower()
    if len(word) < 2 or word in _EN_STOP:
        return None
    return _stem(word)


def _english_terms(text: str) -> list[str]:
    terms = []
    for word in _EN_WORD.findall(text):
        term = word if word[0].isdigit() else _latin_term(word)
        if term:
            terms.append(term)
    return terms


def _korean_terms(tokens: Iterable[Token]) -> list[str]:
    terms: list[str] = []
    run: list[str] = []  # nouns written together, for the joined compound
    run_end = -1
    for tok in tokens:
        tag = str(tok.tag).split("-")[0]  # "VV-R"/"VV-I" are regular/irregular verb stems
        if tag in _NOUNS:
            if run and tok.start != run_end:
                _flush_compound(run, terms)
            run.append(tok.form)
            run_end = tok.start + tok.len
        elif run:
            _flush_compound(run, terms)
        if tag in _KEEP:
            terms.append(tok.form)
        elif tag == "SL":
            term = _latin_term(tok.form)
            if term:
                terms.append(term)
        elif tag in _VERB_STEMS:
            lemma = tok.form + "다"
            if lemma not in _KO_STOP_VERBS:
                terms.append(lemma)
    if run:
        _flush_compound(run, terms)
    return terms


def _flush_compound(run: list[str], terms: list[str]) -> None:
    if len(run) > 1:
        terms.append("".join(run))
    run.clear()


def tokenize(text: str) -> list[str]:
    """Index terms of one text, in order, with repeats (BM25 needs term frequencies)."""
    if not has_hangul(text):
        return _english_terms(text)
    return _korean_terms(_kiwi().tokenize(text))


def tokenize_many(texts: Sequence[str]) -> list[list[str]]:
    """Like `tokenize` for each text; Korean texts go through Kiwi's multi-threaded batch API."""
    out: list[list[str] | None] = [None] * len(texts)
    korean: list[int] = []
    for i, text in enumerate(texts):
        if has_hangul(text):
            korean.append(i)
        else:
            out[i] = _english_terms(text)
    if korean:
        analysed = _kiwi().tokenize(texts[i] for i in korean)
        for i, tokens in zip(korean, analysed, strict=True):
            out[i] = _korean_terms(tokens)
    return [terms if terms is not None else [] for terms in out]
