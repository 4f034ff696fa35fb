// Graph explorer: Cytoscape graph with node search, details and evidence, expand (double-click),
// type filter with legend, layouts, shortest path, and downloads (PNG, SVG, GraphML, GEXF, JSON-LD).

import { api, latestOnly } from "../api.js";
import { openButton } from "../docpanel.js";
import { field, fmtNumber, h, replace, truncate } from "../dom.js";
import { download, toGEXF, toGraphML, toJSONLD, toPNG, toSVG } from "../export.js";
import {
  LAYOUTS,
  applyKindFilter,
  clearHighlight,
  createGraph,
  cytoscapeAvailable,
  focusNode,
  highlightPath,
  kindCounts,
  mergeGraph,
  relabelNodes,
  runLayout,
  setNodeLabels,
} from "../graph.js";
import { applyI18n, getLang, t } from "../i18n.js";
import { KIND_ORDER, kindSwatch } from "../kinds.js";
import { navigate, replaceParams } from "../router.js";
import { errorBox, kindBadge, kindLabel, preferredLabel, statusLine } from "../ui.js";

const SEED_QUERIES = ["광산업", "Optical and photonics", "OPT", "광주"];
const NEIGHBORHOOD_LIMIT = 300;

let cy = null;
let els = {};
let hidden = new Set();
let selectedId = null;
let pendingSubgraph = null;
let lastDetails = null;
let busy = 0;
const latestSearch = latestOnly();
const latestDetails = latestOnly();

/** Show a graph (e.g. an answer's subgraph) in the explorer. */
export function queueSubgraph(subgraph, focus = null) {
  pendingSubgraph = { subgraph, focus };
  navigate("graph");
}

export function mount(section) {
  const q = h("input", { type: "search", id: "graph-search", autocomplete: "off", "data-i18n-placeholder": "graph.searchPh" });
  const searchResults = h("ul", { class: "search-results", id: "graph-search-results", "aria-live": "polite" });
  const nodeSelect = h("select", { id: "graph-node-select" });
  const layout = h("select", { id: "graph-layout" }, LAYOUTS.map((l) => h("option", { value: l, "data-i18n": `layout.${l}` })));
  const depth = h("select", { id: "graph-depth" }, h("option", { value: "1" }, "1"), h("option", { value: "2" }, "2"));
  const kindList = h("ul", { class: "kind-list", id: "graph-kinds" });
  const pathFrom = h("select", { id: "graph-path-from" });
  const pathTo = h("select", { id: "graph-path-to" });
  const pathStatus = h("div", { id: "graph-path-status", "aria-live": "polite", class: "small" });
  const canvas = h("div", {
    id: "cy",
    class: "graph-canvas",
    role: "img",
    "aria-describedby": "graph-stats",
    "data-i18n-aria-label": "graph.canvasLabel",
  });
  const stats = h("div", { class: "graph-stats", id: "graph-stats", "aria-live": "polite" });
  const empty = h("div", { class: "graph-empty", id: "graph-empty" });
  const details = h("aside", { class: "graph-details card", id: "graph-details", "aria-live": "polite", "aria-labelledby": "graph-details-h" });
  const exportButtons = [
    ["png", "graph.exportPng"],
    ["svg", "graph.exportSvg"],
    ["graphml", "graph.exportGraphml"],
    ["gexf", "graph.exportGexf"],
    ["jsonld", "graph.exportJsonld"],
  ].map(([fmt, key]) => h("button", { type: "button", class: "secondary", id: `graph-export-${fmt}`, "data-i18n": key, onclick: () => exportGraph(fmt) }));

  const side = h(
    "div",
    { class: "graph-side" },
    h(
      "section",
      { class: "card", "aria-labelledby": "graph-find-h" },
      h("h2", { id: "graph-find-h", "data-i18n": "graph.find" }),
      h(
        "form",
        { class: "stack", role: "search", id: "graph-search-form" },
        field("graph.searchLabel", q),
        h("button", { type: "submit", id: "graph-search-btn", "data-i18n": "common.search" }),
      ),
      searchResults,
      h("div", { class: "stack", style: "margin-top:0.5rem" }, field("graph.nodeSelect", nodeSelect)),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "graph-view-h" },
      h("h2", { id: "graph-view-h", "data-i18n": "graph.viewControls" }),
      h("div", { class: "stack" }, field("graph.layout", layout), field("graph.depth", depth)),
      h(
        "div",
        { class: "button-row", style: "margin-top:0.5rem" },
        h("button", { type: "button", class: "secondary", id: "graph-relayout", "data-i18n": "graph.relayout", onclick: () => relayout() }),
        h("button", { type: "button", class: "secondary", id: "graph-fit", "data-i18n": "graph.fit", onclick: () => cy?.fit(cy.elements(":visible"), 30) }),
        h("button", { type: "button", class: "secondary", id: "graph-clear", "data-i18n": "graph.clear", onclick: () => clearGraph() }),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "graph-kinds-h" },
      h("h2", { id: "graph-kinds-h", "data-i18n": "graph.kinds" }),
      h(
        "fieldset",
        { style: "border:0;padding:0" },
        h("legend", { class: "visually-hidden", "data-i18n": "graph.kindsLegend" }),
        kindList,
      ),
      h(
        "div",
        { class: "button-row", style: "margin-top:0.4rem" },
        h("button", { type: "button", class: "link", "data-i18n": "graph.showAll", onclick: () => setAllKinds(true) }),
        h("button", { type: "button", class: "link", "data-i18n": "graph.hideAll", onclick: () => setAllKinds(false) }),
      ),
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "graph-path-h" },
      h("h2", { id: "graph-path-h", "data-i18n": "graph.path" }),
      h("form", { class: "stack", id: "graph-path-form" }, field("graph.pathFrom", pathFrom), field("graph.pathTo", pathTo), h("div", { class: "button-row" }, h("button", { type: "submit", id: "graph-path-btn", "data-i18n": "graph.findPath" }), h("button", { type: "button", class: "secondary", "data-i18n": "graph.clearPath", onclick: () => { if (cy) clearHighlight(cy); replace(pathStatus); } }))),
      pathStatus,
    ),
    h(
      "section",
      { class: "card", "aria-labelledby": "graph-export-h" },
      h("h2", { id: "graph-export-h", "data-i18n": "graph.export" }),
      h("div", { class: "button-row" }, exportButtons),
    ),
  );

  replace(
    section,
    h("div", { class: "view-head" }, h("h1", { id: "h-graph", "data-i18n": "graph.title" }), h("p", { "data-i18n": "graph.intro" })),
    h("div", { class: "graph-layout" }, side, h("div", { class: "graph-canvas-wrap" }, canvas, empty, stats), details),
  );
  els = { q, searchResults, nodeSelect, layout, depth, kindList, pathFrom, pathTo, pathStatus, canvas, stats, empty, details };

  section.querySelector("#graph-search-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    searchEntities();
  });
  section.querySelector("#graph-path-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    findPath();
  });
  nodeSelect.addEventListener("change", () => {
    if (nodeSelect.value) selectNode(nodeSelect.value, { center: true });
  });
  layout.addEventListener("change", () => relayout());
  applyI18n(section);
  renderDetails(null);
}

function ensureGraph() {
  if (cy) return true;
  if (!cytoscapeAvailable()) {
    replace(els.empty, h("div", { class: "error", role: "alert" }, t("graph.noCytoscape")));
    return false;
  }
  cy = createGraph(els.canvas, {
    onSelect: (node) => selectNode(node.id(), { center: false }),
    onExpand: (node) => expand(node.id()),
    onBackground: () => {},
  });
  window.__policykgCy = cy; // for tests and debugging
  return true;
}

export async function show(params) {
  if (!ensureGraph()) return;
  cy.resize();
  const node = params.get("node");
  if (pendingSubgraph) {
    const { subgraph, focus } = pendingSubgraph;
    pendingSubgraph = null;
    const added = mergeGraph(cy, subgraph);
    afterChange({ layout: true, incremental: false });
    if (focus && cy.getElementById(focus).nonempty()) selectNode(focus, { center: true });
    setStatus(t("graph.added", { n: added.length }));
    return;
  }
  if (node) {
    await loadNode(node);
    return;
  }
  if (cy.nodes().empty()) await seed();
}

export function relabel() {
  if (cy) relabelNodes(cy);
  renderKinds();
  fillNodeSelects();
  updateStats();
  if (lastDetails) renderDetails(lastDetails);
  else renderDetails(null);
  if (cy && cy.nodes().empty()) showEmpty();
}

function showEmpty() {
  replace(els.empty, h("p", {}, t("graph.empty")));
  els.empty.hidden = false;
}

async function seed() {
  showEmpty();
  for (const q of SEED_QUERIES) {
    let res;
    try {
      res = await api.entitySearch(q, 5);
    } catch {
      return;
    }
    const results = res?.results || [];
    const pick = results.find((r) => r.kind === "strategic_industry") || results[0];
    if (pick) {
      await loadNode(pick.iri, { updateHash: false });
      return;
    }
  }
}

function setBusy(on) {
  busy += on ? 1 : -1;
  els.canvas.setAttribute("aria-busy", busy > 0 ? "true" : "false");
}

function setStatus(text) {
  updateStats(text);
}

/** Make sure a node is in the graph (with its neighbourhood) and select it. */
async function loadNode(iri, { updateHash = true } = {}) {
  if (!ensureGraph()) return;
  if (updateHash) replaceParams("graph", { node: iri });
  if (cy.getElementById(iri).empty()) {
    setBusy(true);
    try {
      const data = await api.neighborhood(iri, { depth: Number(els.depth.value) || 1, limit: NEIGHBORHOOD_LIMIT });
      const first = cy.nodes().empty();
      const added = mergeGraph(cy, data, { near: firstExisting(data) });
      if (cy.getElementById(iri).empty()) mergeGraph(cy, { nodes: [{ id: iri, label: iri, kind: "other" }], edges: [] });
      afterChange({ layout: true, incremental: !first });
      setStatus(t("graph.added", { n: added.length }));
    } catch (err) {
      replace(els.details, errorBox(err));
      return;
    } finally {
      setBusy(false);
    }
  }
  selectNode(iri, { center: true });
}

function firstExisting(data) {
  for (const n of data?.nodes || []) if (cy.getElementById(n.id).nonempty()) return n.id;
  return null;
}

async function expand(iri) {
  if (!ensureGraph()) return;
  const before = cy.nodes().length;
  setBusy(true);
  try {
    const data = await api.neighborhood(iri, { depth: Number(els.depth.value) || 1, limit: NEIGHBORHOOD_LIMIT });
    const added = mergeGraph(cy, data, { near: iri });
    afterChange({ layout: added.length > 0, incremental: true });
    setStatus(t("graph.expanded", { n: cy.nodes().length - before }));
    selectNode(iri, { center: false });
  } catch (err) {
    setStatus(err.message);
  } finally {
    setBusy(false);
    // Lets tests (and assistive tooling) know an expansion finished, whatever it added.
    els.stats.dataset.expansions = String(Number(els.stats.dataset.expansions || 0) + 1);
  }
}

function afterChange({ layout = false, incremental = false } = {}) {
  const count = applyKindFilter(cy, hidden);
  if (layout) runLayout(cy, els.layout.value, { roots: selectedId ? cy.getElementById(selectedId) : null, incremental });
  els.empty.hidden = cy.nodes().nonempty();
  renderKinds();
  fillNodeSelects();
  updateStats(undefined, count);
}

function relayout() {
  if (!cy) return;
  runLayout(cy, els.layout.value, { roots: selectedId ? cy.getElementById(selectedId) : null });
}

function clearGraph() {
  if (!cy) return;
  cy.elements().remove();
  selectedId = null;
  lastDetails = null;
  renderDetails(null);
  afterChange();
  showEmpty();
  replaceParams("graph", {});
}

function updateStats(message, hiddenCount) {
  if (!cy) return;
  const n = cy.nodes().length;
  const e = cy.edges().length;
  const hid = hiddenCount ?? cy.nodes(".kind-hidden").length;
  const parts = [t("graph.stats", { n, e })];
  if (hid) parts.push(t("graph.hiddenCount", { n: hid }));
  if (message) parts.push(message);
  els.stats.textContent = parts.join(" · ");
  els.stats.dataset.nodes = String(n);
  els.stats.dataset.hidden = String(hid);
}

// --- kinds ----------------------------------------------------------------------------------

function renderKinds() {
  const counts = cy ? kindCounts(cy) : new Map();
  const kinds = [...KIND_ORDER, ...[...counts.keys()].filter((k) => !KIND_ORDER.includes(k))];
  replace(
    els.kindList,
    kinds.map((kind) => {
      const id = `kind-${kind}`;
      const box = h("input", { type: "checkbox", id, value: kind, checked: !hidden.has(kind), dataset: { kind } });
      box.addEventListener("change", () => {
        if (box.checked) hidden.delete(kind);
        else hidden.add(kind);
        afterChange();
      });
      return h(
        "li",
        { class: counts.get(kind) ? "" : "muted" },
        h("label", { for: id, class: "check" }, box, kindSwatch(kind), kindLabel(kind)),
        h("span", { class: "kind-count" }, String(counts.get(kind) || 0)),
      );
    }),
  );
}

function setAllKinds(visible) {
  hidden = visible ? new Set() : new Set([...KIND_ORDER, ...(cy ? kindCounts(cy).keys() : [])]);
  afterChange();
}

// --- node lists -----------------------------------------------------------------------------

function sortedNodes() {
  return cy
    .nodes()
    .map((n) => ({ id: n.id(), label: n.data("label"), kind: n.data("kind") }))
    .sort((a, b) => String(a.label).localeCompare(String(b.label), getLang()));
}

function fillNodeSelects() {
  if (!cy) return;
  const nodes = sortedNodes();
  const fill = (select, placeholder, value) => {
    const keep = value ?? select.value;
    replace(select, h("option", { value: "" }, placeholder), nodes.map((n) => h("option", { value: n.id }, `${n.label} · ${kindLabel(n.kind)}`)));
    select.value = nodes.some((n) => n.id === keep) ? keep : "";
  };
  fill(els.nodeSelect, t("graph.nodeSelectPh", { n: nodes.length }), selectedId);
  fill(els.pathFrom, t("graph.choose"));
  fill(els.pathTo, t("graph.choose"));
}

// --- search ---------------------------------------------------------------------------------

async function searchEntities() {
  const q = els.q.value.trim();
  if (!q) return;
  replace(els.searchResults, h("li", { class: "status" }, t("common.loading")));
  let res;
  try {
    res = await latestSearch((signal) => api.entitySearch(q, 12, { signal }));
  } catch (err) {
    replace(els.searchResults, h("li", {}, errorBox(err)));
    return;
  }
  if (res === undefined) return;
  const results = res.results || [];
  if (!results.length) {
    replace(els.searchResults, h("li", { class: "muted small" }, t("graph.noResults")));
    return;
  }
  replace(
    els.searchResults,
    results.map((r) =>
      h(
        "li",
        {},
        h(
          "button",
          { type: "button", dataset: { iri: r.iri }, onclick: () => loadNode(r.iri) },
          kindSwatch(r.kind),
          h("span", {}, r.label || r.iri),
          h("span", { class: "muted small" }, ` · ${kindLabel(r.kind)}`),
        ),
      ),
    ),
  );
  // Enter on a search that has one obvious hit focuses it straight away.
  if (results.length === 1) loadNode(results[0].iri);
}

// --- selection and details ------------------------------------------------------------------

async function selectNode(iri, { center = false } = {}) {
  if (!cy) return;
  const node = cy.getElementById(iri);
  if (node.empty()) return;
  selectedId = iri;
  if (node.hasClass("kind-hidden")) {
    hidden.delete(node.data("kind"));
    afterChange();
  }
  if (center) focusNode(cy, iri);
  else if (!node.selected()) {
    cy.$(":selected").unselect();
    node.select();
  }
  els.nodeSelect.value = iri;
  if (!els.pathFrom.value) els.pathFrom.value = iri;
  else if (els.pathFrom.value !== iri) els.pathTo.value = iri;
  replaceParams("graph", { node: iri });
  renderDetails({ loading: true, iri, label: node.data("label"), kind: node.data("kind") });
  let data;
  try {
    data = await latestDetails((signal) => api.entity(iri, { signal }));
  } catch (err) {
    lastDetails = { iri, label: node.data("label"), kind: node.data("kind"), error: err };
    renderDetails(lastDetails);
    return;
  }
  if (data === undefined) return;
  lastDetails = data;
  if (data.labels) {
    setNodeLabels(cy, iri, data.labels);
    fillNodeSelects();
  }
  renderDetails(data);
}

function valueText(v) {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v)) return v.map(valueText).join(", ");
  if (typeof v === "object") {
    if ("@value" in v) return String(v["@value"]);
    if (v.label) return String(v.label);
    return Object.entries(v).map(([k, x]) => `${k}: ${valueText(x)}`).join("; ");
  }
  if (typeof v === "number") return fmtNumber(v, Number.isInteger(v) ? 0 : 3);
  return String(v);
}

function localName(iri) {
  const m = String(iri).match(/[#/:]([^#/:]+)$/);
  return m ? decodeURIComponent(m[1]) : String(iri);
}

function renderDetails(d) {
  const box = els.details;
  if (!d) {
    replace(box, h("h2", { id: "graph-details-h" }, t("graph.details")), h("p", { class: "muted" }, t("graph.detailsEmpty")));
    return;
  }
  const label = preferredLabel(d.labels, d.label) || d.iri;
  const other = d.labels ? Object.entries(d.labels).filter(([lang, l]) => l && l !== label).map(([lang, l]) => h("span", { lang }, l)) : [];
  const actions = h(
    "div",
    { class: "button-row" },
    h("button", { type: "button", id: "graph-expand", onclick: () => expand(d.iri) }, t("graph.expand")),
    h("button", { type: "button", class: "secondary", onclick: () => { els.pathFrom.value = d.iri; } }, t("graph.asFrom")),
    h("button", { type: "button", class: "secondary", onclick: () => { els.pathTo.value = d.iri; } }, t("graph.asTo")),
    h("button", { type: "button", class: "secondary", onclick: () => removeNode(d.iri) }, t("graph.remove")),
  );
  const parts = [
    h("h2", { id: "graph-details-h" }, label),
    h("div", { class: "chips" }, kindBadge(d.kind), other.length ? h("span", { class: "muted small" }, other) : null),
    h("div", { class: "iri" }, d.iri),
    actions,
  ];
  if (d.loading) parts.push(statusLine("common.loading"));
  if (d.error) parts.push(errorBox(d.error));
  if (d.types?.length) {
    parts.push(h("div", { class: "link-group" }, h("h3", {}, t("graph.types")), h("div", { class: "chips" }, d.types.map((ty) => h("span", { class: "chip", title: ty }, localName(ty))))));
  }
  const props = Object.entries(d.properties || {}).filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length));
  if (props.length) {
    parts.push(
      h("div", { class: "link-group" }, h("h3", {}, t("graph.properties")), h("dl", { class: "details-props" }, props.flatMap(([k, v]) => [h("dt", { title: k }, localName(k)), h("dd", {}, truncate(valueText(v), 400))]))),
    );
  }
  const links = d.links || [];
  if (links.length) {
    const groups = new Map();
    for (const l of links) {
      const key = `${l.direction === "in" ? "←" : "→"} ${localName(l.predicate)}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(l);
    }
    const groupEls = [...groups.entries()].map(([key, list]) => {
      const items = list.map((l) =>
        h(
          "li",
          {},
          kindSwatch(l.kind, 11),
          h("button", { type: "button", class: "link", title: l.target, onclick: () => addLinked(d.iri, l) }, l.label || localName(l.target)),
        ),
      );
      const shown = items.slice(0, 12);
      const rest = items.slice(12);
      return h(
        "div",
        { class: "link-group" },
        h("h4", {}, `${key} (${list.length})`),
        h("ul", {}, shown),
        rest.length ? h("details", {}, h("summary", {}, t("graph.more", { n: rest.length })), h("ul", {}, rest)) : null,
      );
    });
    parts.push(h("div", {}, h("h3", {}, t("graph.links", { n: links.length })), groupEls));
  }
  const evidence = d.evidence || [];
  if (evidence.length) {
    parts.push(
      h(
        "div",
        { class: "link-group" },
        h("h3", {}, t("graph.evidence", { n: evidence.length })),
        h(
          "ul",
          { class: "evidence-list" },
          evidence.slice(0, 20).map((ev) =>
            h(
              "li",
              {},
              h("p", { class: "snippet small" }, truncate(ev.text, 260)),
              h("div", { class: "muted small" }, [ev.doc_id, ev.page ? `${t("common.page")} ${ev.page}` : null].filter(Boolean).join(" · ")),
              ev.doc_id ? openButton(ev.doc_id, { passage: ev.passage, text: ev.text }) : null,
            ),
          ),
        ),
      ),
    );
  }
  replace(box, ...parts);
}

/** Follow a link from the details panel: add the linked node and the edge, then select it. */
function addLinked(fromIri, link) {
  const edge = link.direction === "in" ? { source: link.target, target: fromIri, label: link.predicate } : { source: fromIri, target: link.target, label: link.predicate };
  const added = mergeGraph(cy, { nodes: [{ id: link.target, label: link.label, kind: link.kind }], edges: [edge] }, { near: fromIri });
  afterChange({ layout: false });
  if (added.length) {
    // Place next to its neighbour without re-running the whole layout.
    const p = cy.getElementById(fromIri).position();
    added.positions(() => ({ x: p.x + 80 * (Math.random() - 0.5) + 60, y: p.y + 80 * (Math.random() - 0.5) }));
  }
  selectNode(link.target, { center: true });
}

function removeNode(iri) {
  const node = cy.getElementById(iri);
  if (node.empty()) return;
  node.remove();
  if (selectedId === iri) {
    selectedId = null;
    lastDetails = null;
    renderDetails(null);
  }
  afterChange();
}

// --- path -----------------------------------------------------------------------------------

async function findPath() {
  const from = els.pathFrom.value;
  const to = els.pathTo.value;
  if (!from || !to || from === to) {
    replace(els.pathStatus, h("p", { class: "error", role: "alert" }, t("graph.pathChoose")));
    return;
  }
  replace(els.pathStatus, statusLine("common.loading"));
  try {
    const data = await api.path(from, to);
    const ids = data.path || (data.nodes || []).map((n) => n.id);
    if (!ids.length) {
      replace(els.pathStatus, h("p", { class: "muted" }, t("graph.noPath")));
      return;
    }
    mergeGraph(cy, data, { near: from });
    afterChange({ layout: false });
    // Make sure every node on the path is visible, whatever the type filter says.
    for (const id of ids) {
      const kind = cy.getElementById(id).data("kind");
      if (hidden.has(kind)) hidden.delete(kind);
    }
    afterChange();
    const eles = highlightPath(cy, ids, data.edges || []);
    cy.animate({ fit: { eles, padding: 60 } }, { duration: 300 });
    const labels = ids.map((id) => cy.getElementById(id).data("label") || localName(id));
    replace(els.pathStatus, h("p", { class: "small" }, h("strong", {}, t("graph.pathFound", { n: Math.max(ids.length - 1, 0) })), h("br"), labels.join(" → ")));
  } catch (err) {
    replace(els.pathStatus, errorBox(err) || "");
  }
}

// --- export ---------------------------------------------------------------------------------

async function exportGraph(fmt) {
  if (!cy || cy.nodes().empty()) {
    setStatus(t("graph.nothingToExport"));
    return;
  }
  const stamp = new Date().toISOString().slice(0, 10);
  const base = `policykg-graph-${stamp}`;
  switch (fmt) {
    case "png":
      download(`${base}.png`, await toPNG(cy), "image/png");
      break;
    case "svg":
      download(`${base}.svg`, toSVG(cy), "image/svg+xml");
      break;
    case "graphml":
      download(`${base}.graphml`, toGraphML(cy), "application/graphml+xml");
      break;
    case "gexf":
      download(`${base}.gexf`, toGEXF(cy), "application/gexf+xml");
      break;
    case "jsonld":
      download(`${base}.jsonld`, toJSONLD(cy), "application/ld+json");
      break;
    default:
      break;
  }
}
