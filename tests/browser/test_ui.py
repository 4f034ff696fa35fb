"""The analyst web UI in headless Chromium against the real app on a small corpus.

Each view is opened, used the way an analyst would, and saved as a screenshot in
test-artifacts/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The first question loads the embedding model and builds the matcher: allow for it.
SLOW_MS = 180_000


def wait_for_result(page, selector: str, scope: str = "main", timeout: float = SLOW_MS) -> None:
    """Wait for `selector`; fail at once, with the message, if the view shows an error instead."""
    page.locator(f"{selector}, {scope} .error").first.wait_for(timeout=timeout)
    if not page.locator(selector).count():
        pytest.fail(f"the UI shows an error: {page.locator(f'{scope} .error').first.inner_text()}")


def graph_count(page, selector: str) -> int:
    return page.evaluate(f"() => window.__policykgCy.nodes({selector!r}).length")


def expansions(page) -> int:
    return int(page.locator("#graph-stats").get_attribute("data-expansions") or 0)


def wait_graph_ready(page) -> None:
    page.wait_for_function(
        "() => (window.__policykgCy && window.__policykgCy.nodes().length > 0)"
        " || document.querySelector('#view-graph .error')",
        timeout=SLOW_MS,
    )
    error = page.locator("#view-graph .error")
    if error.count():
        pytest.fail(f"the UI shows an error: {error.first.inner_text()}")


def test_ask_korean_question_cites_passages(ui_page, screenshots: Path):
    page = ui_page
    page.goto("/#ask")
    page.get_by_label("질문", exact=True).fill("광주 광산업에 맞는 중앙정부 정책은?")
    page.locator("#ask-submit").click()
    wait_for_result(page, "ol.citations > li", "#ask-results")
    answer = page.locator(".answer-text").inner_text()
    assert answer.strip(), "the answer text is empty"
    assert page.locator("ol.citations > li").count() >= 1

    first = page.locator("ol.citations > li").first
    first.locator("button.open-doc").click()
    panel = page.locator("#doc-panel")
    panel.wait_for(state="visible")
    cited = panel.locator(".doc-passage.cited")
    cited.wait_for(timeout=30_000)
    assert cited.count() == 1, "the cited passage is not highlighted in its document"
    assert cited.inner_text().strip()
    # Scrolled to: the cited passage starts inside the panel's visible area.
    body = page.locator("#doc-panel-body").bounding_box()
    box = cited.bounding_box()
    assert body["y"] - 1 <= box["y"] < body["y"] + body["height"], (box, body)
    assert page.locator("#doc-panel-title").inner_text().strip()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "ask.png"))

    # Escape closes the panel and focus goes back to the button that opened it.
    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.classList.contains('open-doc')")


def test_search_passages_mode(ui_page):
    page = ui_page
    page.goto("/#ask")
    page.locator("label[for='ask-mode-search']").click()
    page.locator("#ask-question").fill("광융합 LED")
    page.locator("#ask-submit").click()
    wait_for_result(page, "ol.results > li", "#ask-results")
    assert page.locator("ol.results > li").count() >= 1
    page.locator("ol.results > li button.open-doc").first.click()
    page.locator("#doc-panel .doc-passage.cited").wait_for()


def test_graph_search_focus_expand_and_filter(ui_page, screenshots: Path):
    page = ui_page
    page.goto("/#graph")
    wait_graph_ready(page)

    # Search and focus a node.
    page.locator("#graph-search").fill("광산업")
    page.locator("#graph-search-btn").click()
    page.locator("#graph-search-results li button").first.wait_for()
    target = page.locator("#graph-search-results li button").first.get_attribute("data-iri")
    page.locator("#graph-search-results li button").first.click()
    page.wait_for_function(
        "iri => { const n = window.__policykgCy.getElementById(iri);"
        " return n.nonempty() && n.selected(); }",
        arg=target,
    )
    page.locator("#graph-details h2").wait_for()
    page.wait_for_function(
        "() => !document.querySelector('#graph-details [role=status]')", timeout=30_000
    )

    # Expand nodes until one brings new neighbours into the graph.
    before = graph_count(page, "")
    candidates = page.evaluate(
        "iri => { const cy = window.__policykgCy; const me = cy.getElementById(iri);"
        " return [iri, ...me.neighborhood('node').sort((a, b) => a.degree() - b.degree())"
        ".map(n => n.id())].slice(0, 12); }",
        target,
    )
    for i, node in enumerate(candidates):
        done = expansions(page)
        page.locator("#graph-node-select").select_option(node)
        page.locator("#graph-expand").wait_for()
        if i == 0:
            # Double-clicking a node on the canvas expands it.
            page.wait_for_timeout(400)  # let the centring animation settle
            pos = page.evaluate(
                "id => window.__policykgCy.getElementById(id).renderedPosition()", node
            )
            box = page.locator("#cy").bounding_box()
            page.mouse.dblclick(box["x"] + pos["x"], box["y"] + pos["y"])
        else:
            page.locator("#graph-expand").click()
        page.wait_for_function(
            "n => Number(document.querySelector('#graph-stats').dataset.expansions || 0) > n",
            arg=done,
            timeout=60_000,
        )
        if graph_count(page, "") > before:
            break
    assert graph_count(page, "") > before, "expanding nodes never added any to the graph"

    # Filter by type: hide a kind present in the graph, other than the focused node's.
    kinds = page.evaluate(
        "iri => { const cy = window.__policykgCy; const own = cy.getElementById(iri).data('kind');"
        " const seen = {}; cy.nodes().forEach(n => { seen[n.data('kind')] = 1; });"
        " return Object.keys(seen).filter(k => k !== own); }",
        target,
    )
    assert kinds, "the graph has only one kind of node"
    visible_before = graph_count(page, ":visible")
    page.locator(f"#kind-{kinds[0]}").uncheck()
    page.wait_for_function(
        "n => window.__policykgCy.nodes(':visible').length < n", arg=visible_before
    )
    assert graph_count(page, ".kind-hidden") > 0
    assert int(page.locator("#graph-stats").get_attribute("data-hidden")) > 0
    page.locator("#graph-fit").click()
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "graph.png"))
    page.locator(f"#kind-{kinds[0]}").check()
    page.wait_for_function("() => window.__policykgCy.nodes('.kind-hidden').length === 0")


def test_graph_exports(ui_page, tmp_path: Path):
    page = ui_page
    page.goto("/#graph")
    wait_graph_ready(page)
    expected = {
        "png": b"\x89PNG",
        "graphml": b"<?xml",
        "gexf": b"<?xml",
        "jsonld": b"{",
        "svg": b"<svg",
    }
    for fmt, magic in expected.items():
        with page.expect_download() as info:
            page.locator(f"#graph-export-{fmt}").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.read_bytes().startswith(magic), fmt
    assert b"<gexf" in (tmp_path / next(p.name for p in tmp_path.glob("*.gexf"))).read_bytes()


def test_matches_csv_download(ui_page, screenshots: Path, tmp_path: Path):
    page = ui_page
    page.goto("/#matches")
    wait_for_result(
        page, ".matches-table tbody tr, #matches-results .status:not(.loading)", "#matches-results"
    )
    if page.locator(".expand-toggle").count():
        page.locator(".expand-toggle").first.click()
        page.locator("tr.detail-row").first.wait_for()
    page.screenshot(path=str(screenshots / "matches.png"), full_page=True)

    with page.expect_download(timeout=SLOW_MS) as info:
        page.locator("#matches-csv").click()
    path = tmp_path / "matches.csv"
    info.value.save_as(path)
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    columns = [c.strip().strip('"').lower() for c in header.split(",")]
    assert len(columns) >= 3, header
    assert any("policy" in c for c in columns), header
    assert all(c and not c.replace(".", "").isdigit() for c in columns), header


def test_region_dashboard(ui_page, screenshots: Path):
    page = ui_page
    page.goto("/#region?region=24")
    wait_for_result(page, "#region-chart svg rect", "#region-chart")
    page.locator("#region-shift-table tbody tr").first.wait_for()
    assert page.locator("#region-shift-table tbody tr").count() >= 1
    for box in ("#region-convergence", "#region-programmes", "#region-joint"):
        wait_for_result(page, f"{box} .candidate-list, {box} .status:not(.loading)", box)
    assert page.locator("#region-code").input_value() == "24"
    page.screenshot(path=str(screenshots / "region.png"), full_page=True)


def test_convergence_view(ui_page, screenshots: Path):
    page = ui_page
    page.goto("/#convergence?region=24")
    wait_for_result(page, "#conv-heatmap svg rect.cell", "#conv-heatmap")
    cell = page.locator("#conv-heatmap svg rect.cell").first
    cell.focus()
    page.keyboard.press("Enter")
    page.locator("#conv-detail article.candidate").first.wait_for()
    assert page.locator("#conv-detail article.candidate h3").first.inner_text().strip()
    page.screenshot(path=str(screenshots / "convergence.png"), full_page=True)


def test_language_toggle_is_remembered(ui_page):
    page = ui_page
    page.goto("/#matches")
    page.locator(".lang-toggle button[data-lang='en']").click()
    assert page.locator(".main-nav a[data-view='matches']").inner_text() == "Matches"
    assert page.evaluate("() => document.documentElement.lang") == "en"
    page.reload()
    assert page.locator(".main-nav a[data-view='matches']").inner_text() == "Matches"
    page.locator(".lang-toggle button[data-lang='ko']").click()
    assert page.locator(".main-nav a[data-view='matches']").inner_text() == "정책–산업 매칭"
