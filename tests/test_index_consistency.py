"""The search indexes never disagree with the store, even after a crash mid-write."""

from __future__ import annotations

import pytest

import kg.search_index as search_index
from ingest.pipeline import Ingestor
from kg.bootstrap import initialise
from kg.service import KnowledgeGraph

DOC = "---\nid: {id}\ntitle: {id}\n---\n\nLED lighting and LiDAR sensors for vehicles in Gwangju.\n"


def _kg(settings) -> KnowledgeGraph:
    kg = KnowledgeGraph(settings)
    initialise(kg.store)
    return kg


def _add(kg, tmp_path, name):
    path = tmp_path / f"{name}.md"
    path.write_text(DOC.format(id=name), encoding="utf-8")
    assert Ingestor(kg.store, kg.settings).ingest_paths([path])[0].status == "added"
    return path


def test_crash_between_index_and_state_write_is_detected_and_repaired(
    settings, tmp_path, monkeypatch
):
    kg = _kg(settings)
    _add(kg, tmp_path, "first")
    kg.sync_index()
    _add(kg, tmp_path, "second")

    def crash(path, data):
        raise OSError("killed while writing the index state")

    monkeypatch.setattr(search_index, "_write_json_atomic", crash)
    with pytest.raises(OSError):
        kg.sync_index()  # indexes were saved, the state that commits them was not
    monkeypatch.undo()
    kg.close()

    reopened = KnowledgeGraph(settings)
    assert not reopened.search_index.is_current()
    reopened.ensure_index()
    hits = reopened.searcher.search("LiDAR sensors", 10, method="lexical")
    assert {h.doc_id for h in hits} == {"first", "second"}
    reopened.close()


def test_removed_source_leaves_the_index(settings, tmp_path):
    kg = _kg(settings)
    path = _add(kg, tmp_path, "gone")
    kg.sync_index()
    assert kg.searcher.search("LED lighting", 5, method="lexical")
    Ingestor(kg.store, settings).remove(str(path))
    kg.ensure_index()
    assert kg.searcher.search("LED lighting", 5, method="lexical") == []
    kg.close()
