"""Passages: offsets into the original text, section boundaries, pages."""

from __future__ import annotations

from ingest.model import RawDocument
from ingest.passages import split_passages


def _doc(text: str) -> RawDocument:
    return RawDocument(text=text, fmt="md")


def test_heading_starts_a_passage_and_stays_with_its_paragraph():
    text = (
        "# Photonics\n\nLight sources and optical parts for cars.\n\n"
        "## Funding\n\nGrants of 5 billion won a year.\n\nLoans for small firms."
    )
    passages = split_passages(_doc(text))
    assert [p.text.splitlines()[0] for p in passages] == ["# Photonics", "## Funding"]
    assert passages[1].text.endswith("Loans for small firms.")
    assert all(text[p.start : p.end] == p.text for p in passages)


def test_long_paragraph_is_cut_at_sentence_ends_with_exact_offsets():
    text = " ".join(f"Sentence number {i} about regional industry policy." for i in range(60))
    passages = split_passages(_doc(text), size=200)
    assert len(passages) > 5
    assert all(len(p.text) <= 400 for p in passages)
    assert all(text[p.start : p.end] == p.text for p in passages)
    assert all(p.text.rstrip().endswith(".") for p in passages)
