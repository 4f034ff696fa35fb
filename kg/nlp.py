"""Entity recognition over Korean and English text with spaCy, kiwipiepy and graph labels.

spaCy's own Korean tokenizer needs MeCab, which is not available offline, so Korean text is
tokenised by kiwipiepy into morphemes: particles become their own tokens and "광주의" still
matches the label "광주". Labels are tokenised by the same tokenizer as the text, so compound
splits agree on both sides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.entities import EntityLabel, labels_version
from kg.lang import has_hangul


@cache
def _kiwi():  # type: ignore[no-untyped-def]
    from kiwipiepy import Kiwi

    return Kiwi()


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    surface: str
    iri: str | None  # None: an unlinked candidate term
    kind: str
    confidence: float


class Tokenizer:
    """Tokenise with kiwipiepy when the text has Hangul, else spaCy's English rules.

    Token character offsets into the original text are kept in doc.user_data["starts"/"ends"]
    because Korean morphemes may not line up with whitespace.
    """

    def __init__(self, nlp: spacy.language.Language) -> None:
        self.vocab = nlp.vocab
        self._english = nlp.tokenizer

    def pipe_english(self, texts: list[str]) -> list[Doc]:
        return list(self._english.pipe(texts))

    def __call__(self, text: str) -> Doc:
        if not has_hangul(text):
            doc = self._english(text)
            doc.user_data["starts"] = [t.idx for t in doc]
            doc.user_data["ends"] = [t.idx + len(t) for t in doc]
            doc.user_data["tags"] = ["" for _ in doc]
            return doc
        words, spaces, starts, ends, tags = [], [], [], [], []
        for tok in _kiwi().tokenize(text):
            surface = text[tok.start : tok.start + tok.len]
            if not surface.strip():
                continue
            if starts and tok.start < ends[-1]:  # contracted morphemes share characters
                continue
            words.append(surface)
            starts.append(tok.start)
            ends.append(tok.start + tok.len)
            tags.append(tok.tag)
        for i in range(len(words)):
            spaces.append(i + 1 < len(words) and starts[i + 1] > ends[i])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data.update(starts=starts, ends=ends, tags=tags)
        return doc


def _is_acronym(label: str) -> bool:
    return label.isupper() and len(label) <= 5 and label.isascii()


def _base_confidence(label: EntityLabel) -> float:
    conf = 0.95 if label.preferred else 0.85
    if len(label.label) <= 2 or _is_acronym(label.label):
        conf -= 0.2  # short forms are more often something else
    return conf


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


class EntityRecognizer:
    """Finds the graph's entities in text; built once per set of labels.

    English text: spaCy PhraseMatcher on tokens (exact case for acronyms like "AI", "ESS").
    Korean text: kiwipiepy's segmentation depends on context ("광산업" alone is one token,
    in "광주의 광산업을" it is 광/산업), so labels are matched on characters with spaces
    removed, and a match must begin and end on morpheme boundaries (so "광주의" matches
    "광주" but "광주" inside "광주과학기술원" loses to the longer organisation name).
    """

    def __init__(self, labels: list[EntityLabel]) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.tokenizer = Tokenizer(self.nlp)
        self.nlp.add_pipe("sentencizer")
        self.version = labels_version(labels)
        self.labels = labels
        self._exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self._lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._targets: dict[str, list[tuple[str, str, float]]] = defaultdict(list)
        # Compact label → key into _targets, for the Korean character matcher.
        self._compact: dict[str, str] = {}
        by_text: dict[str, dict[str, EntityLabel]] = defaultdict(dict)
        for label in labels:
            key = label.label if _is_acronym(label.label) else label.label.lower()
            current = by_text[key].get(label.iri)
            if current is None or (label.preferred and not current.preferred):
                by_text[key][label.iri] = label
        english: dict[str, list[str]] = {"exact": [], "lower": []}
        for key, per_iri in by_text.items():
            # Labels shared by several concepts of one kind split the confidence between them.
            kind_counts = Counter(x.kind for x in per_iri.values())
            for iri, label in per_iri.items():
                conf = _base_confidence(label) / kind_counts[label.kind]
                self._targets[key].append((iri, label.kind, round(conf, 3)))
            sample = next(iter(per_iri.values())).label
            self._compact.setdefault(_compact(key), key)
            if not has_hangul(sample):
                english["exact" if _is_acronym(sample) else "lower"].append(key)
        for kind, matcher in (("exact", self._exact), ("lower", self._lower)):
            keys = english[kind]
            for key, doc in zip(keys, self.nlp.tokenizer.pipe_english(keys), strict=True):
                matcher.add(key, [doc])
        self._lengths = sorted({len(k) for k in self._compact}, reverse=True)

    def tokenize(self, text: str) -> Doc:
        return self.nlp(text)

    def find(self, text: str, *, candidates: bool = False) -> list[Found]:
        """Linked mentions (longest match wins) and, optionally, unlinked candidate terms."""
        doc = self.nlp(text)
        if has_hangul(text):
            spans = self._match_korean(doc, text)
        else:
            starts, ends = doc.user_data["starts"], doc.user_data["ends"]
            matches = [
                Span(doc, s, e, label=m)
                for matcher in (self._exact, self._lower)
                for m, s, e in matcher(doc)
            ]
            spans = [
                (starts[sp.start], ends[sp.end - 1], sp.label_) for sp in filter_spans(matches)
            ]
        found: list[Found] = []
        for a, b, key in spans:
            for iri, kind, conf in self._targets[key]:
                found.append(Found(a, b, text[a:b], iri, kind, conf))
        if candidates:
            covered = [(f.start, f.end) for f in found]
            found.extend(
                c
                for c in _candidate_terms(doc, text)
                if not any(c.start < e and s < c.end for s, e in covered)
            )
        return sorted(found, key=lambda f: (f.start, -f.end))

    def _match_korean(self, doc: Doc, text: str) -> list[tuple[int, int, str]]:
        starts, ends = doc.user_data["starts"], doc.user_data["ends"]
        # Compact text without whitespace, and the original offset of each of its characters.
        offsets = [i for i, ch in enumerate(text) if not ch.isspace()]
        compact = "".join(text[i] for i in offsets)
        position = {orig: k for k, orig in enumerate(offsets)}
        begin_ok = {position[s] for s in starts if s in position}
        end_ok = {position[e - 1] + 1 for e in ends if e - 1 in position}
        lowered = compact.lower()
        out: list[tuple[int, int, str]] = []
        k = 0
        while k < len(compact):
            hit = None
            if k in begin_ok:
                for length in self._lengths:
                    stop = k + length
                    if stop > len(compact) or stop not in end_ok:
                        continue
                    key = self._lookup(compact[k:stop], lowered[k:stop])
                    if key is not None:
                        hit = (k, stop, key)
                        break
            if hit:
                a, b, key = hit
                out.append((offsets[a], offsets[b - 1] + 1, key))
                k = b
            else:
                k += 1
        return out

    def _lookup(self, exact: str, lowered: str) -> str | None:
        if exact in self._compact and _is_acronym(self._compact[exact]):
            return self._compact[exact]
        key = self._compact.get(lowered)
        return key if key is not None and not _is_acronym(key) else None

    def sentences(self, text: str) -> list[tuple[int, int]]:
        doc = self.nlp(text)
        starts, ends = doc.user_data["starts"], doc.user_data["ends"]
        return [(starts[s.start], ends[s.end - 1]) for s in doc.sents if len(s)]


_NOUN_TAGS = {"NNG", "NNP", "SL"}


def _candidate_terms(doc: Doc, text: str) -> list[Found]:
    """Multi-word noun sequences (Korean) or Title Case phrases (English) no label covers."""
    starts, ends, tags = doc.user_data["starts"], doc.user_data["ends"], doc.user_data["tags"]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(doc):
        j = i
        if tags[i]:
            while j < len(doc) and tags[j] in _NOUN_TAGS:
                j += 1
        else:
            while j < len(doc) and doc[j].is_title and doc[j].is_alpha:
                j += 1
        if j - i >= 2:
            runs.append((i, j))
        i = max(j, i + 1)
    out = []
    for i, j in runs:
        a, b = starts[i], ends[j - 1]
        surface = text[a:b]
        if len(surface) >= 4 and not surface.isupper():
            out.append(Found(a, b, surface, None, "candidate", 0.0))
    return out


# Money amounts and target years: regular forms, not worth a statistical model.
MONEY = re.compile(
    r"(?:(?:KRW|USD|US\$|\$|€|EUR)\s?\d[\d,.]*\s*(?:trillion|billion|million)?"
    r"|\d[\d,.]*\s*(?:trillion|billion|million)\s*(?:won|KRW|dollars|USD)"
    r"|\d[\d,.]*\s*(?:조|억|천억|만)\s*(?:\d[\d,.]*\s*(?:억|천만|만)\s*)?원)"
)
TARGET_YEAR = re.compile(
    r"(?:by|until|through|to|target(?:ing)? year)\s+(20[1-9]\d)\b|(20[1-9]\d)\s*년\s*까지"
)


def money_amounts(text: str) -> list[str]:
    return [m.group(0).strip() for m in MONEY.finditer(text)]


def target_years(text: str) -> list[int]:
    return sorted({int(m.group(1) or m.group(2)) for m in TARGET_YEAR.finditer(text)})
