// Cytoscape.js wrapper: style per kind, merging API graphs, layouts, type filter, path highlight.
// cytoscape is vendored from npm (scripts/vendor_js.py) and loaded as a classic script.

import { getLang } from "./i18n.js";
import { kindColor, kindShape } from "./kinds.js";

// fcose (npm cytoscape-fcose) lays out ~2000 nodes in seconds; the built-in cose is O(n²) per
// iteration and is kept for small graphs and as the fallback when fcose is not vendored.
export const LAYOUTS = ["fcose", "cose", "concentric", "breadthfirst", "grid"];

export function hasFcose() {
  try {
    return Boolean(window.cytoscape && window.cytoscape("layout", "fcose"));
  } catch {
    return false;
  }
}
const MAX_FIT_ZOOM = 1.3;

export function cytoscapeAvailable() {
  return typeof window.cytoscape === "function";
}

function shortLabel(label) {
  const text = String(label ?? "").trim();
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

const STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "data(color)",
      shape: "data(shape)",
      label: "data(short)",
      width: 22,
      height: 22,
      "font-size": 10,
      "font-family": '"Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif',
      color: "#1b2430",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      "min-zoomed-font-size": 7,
      "border-width": 1,
      "border-color": "rgba(0,0,0,0.3)",
    },
  },
  { selector: 'node[kind = "policy"], node[kind = "programme"]', style: { width: 26, height: 20 } },
  { selector: 'node[kind = "strategic_industry"]', style: { width: 30, height: 30, "font-weight": "bold" } },
  { selector: 'node[kind = "passage"]', style: { width: 10, height: 10, "font-size": 8 } },
  {
    selector: "edge",
    style: {
      width: 1.2,
      "line-color": "#b8c2cf",
      "curve-style": "straight",
      "target-arrow-shape": "triangle",
      "target-arrow-color": "#b8c2cf",
      "arrow-scale": 0.7,
      "font-size": 8,
      color: "#4a5565",
      "text-rotation": "autorotate",
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      "min-zoomed-font-size": 8,
    },
  },
  { selector: "edge.show-label", style: { label: "data(short)", "line-color": "#7d8da3", "target-arrow-color": "#7d8da3" } },
  {
    selector: "node:selected",
    style: { "border-width": 4, "border-color": "#f29e1d", "z-index": 20 },
  },
  { selector: ".kind-hidden", style: { display: "none" } },
  { selector: ".faded", style: { opacity: 0.18 } },
  {
    selector: "node.path",
    style: { "border-width": 4, "border-color": "#e4572e", "z-index": 30, opacity: 1 },
  },
  {
    selector: "edge.path",
    style: {
      width: 4,
      "line-color": "#e4572e",
      "target-arrow-color": "#e4572e",
      label: "data(short)",
      "z-index": 30,
      opacity: 1,
    },
  },
  { selector: "node.focus", style: { "border-width": 4, "border-color": "#1f5fa8", width: 32, height: 32 } },
];

export function createGraph(container, { onSelect, onExpand, onBackground } = {}) {
  const cy = window.cytoscape({
    container,
    style: STYLE,
    minZoom: 0.05,
    maxZoom: 4,
    boxSelectionEnabled: false,
    textureOnViewport: false,
    hideEdgesOnViewport: false,
  });
  cy.on("tap", "node", (ev) => onSelect?.(ev.target));
  cy.on("dbltap", "node", (ev) => onExpand?.(ev.target));
  cy.on("tap", (ev) => {
    if (ev.target === cy) onBackground?.();
  });
  // Relation names on the selected node's edges, unless there are too many to read.
  cy.on("select", "node", (ev) => {
    const edges = ev.target.connectedEdges();
    if (edges.length <= 16) edges.addClass("show-label");
  });
  cy.on("unselect", "node", (ev) => ev.target.connectedEdges().removeClass("show-label"));
  return cy;
}

/** The label in the interface language when the API gave labels per language. */
function pickLabel(n) {
  return (n.labels && (n.labels[getLang()] || n.labels.en || n.labels.ko)) || n.label || n.id;
}

function nodeData(n) {
  const kind = n.kind || "other";
  const label = pickLabel(n);
  return {
    id: n.id,
    label,
    short: shortLabel(label),
    labels: n.labels || null,
    kind,
    color: kindColor(kind),
    shape: kindShape(kind),
  };
}

/** Give a node labels per language (e.g. from its details) and show the right one. */
export function setNodeLabels(cy, id, labels) {
  const node = cy.getElementById(id);
  if (node.empty() || !labels) return;
  const label = pickLabel({ id, labels, label: node.data("label") });
  node.data({ labels, label, short: shortLabel(label) });
}

/** After a language change: relabel every node that knows its labels per language. */
export function relabelNodes(cy) {
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const labels = node.data("labels");
      if (!labels) return;
      const label = pickLabel({ id: node.id(), labels, label: node.data("label") });
      node.data({ label, short: shortLabel(label) });
    });
  });
}

function relationName(label) {
  const text = String(label ?? "");
  const m = text.match(/[#/:]([^#/:]+)$/);
  return m ? m[1] : text;
}

export function edgeId(e) {
  return `${e.source}\u2192${e.label ?? ""}\u2192${e.target}`;
}

/**
 * Add nodes and edges that are not in the graph yet. New nodes are placed around `near` (a node
 * already in the graph) so an incremental layout keeps the picture stable. Returns the new nodes.
 */
export function mergeGraph(cy, data, { near = null } = {}) {
  const nodes = data?.nodes || [];
  const edges = data?.edges || [];
  const add = [];
  const center = near && cy.getElementById(near).nonempty() ? cy.getElementById(near).position() : null;
  const fresh = nodes.filter((n) => n?.id && cy.getElementById(n.id).empty());
  fresh.forEach((n, i) => {
    const el = { group: "nodes", data: nodeData(n) };
    if (center) {
      const angle = (2 * Math.PI * i) / Math.max(fresh.length, 1);
      const r = 60 + 8 * Math.sqrt(fresh.length);
      el.position = { x: center.x + r * Math.cos(angle), y: center.y + r * Math.sin(angle) };
    }
    add.push(el);
  });
  // Update labels of nodes we knew only by id (e.g. from a path).
  for (const n of nodes) {
    const existing = cy.getElementById(n.id);
    if (existing.nonempty() && (n.label || n.labels) && existing.data("label") === n.id) {
      const label = pickLabel(n);
      existing.data({ label, short: shortLabel(label), labels: n.labels || null, kind: n.kind || existing.data("kind") });
    }
  }
  const known = new Set(nodes.map((n) => n.id));
  for (const e of edges) {
    if (!e?.source || !e?.target) continue;
    for (const end of [e.source, e.target]) {
      if (!known.has(end) && cy.getElementById(end).empty()) {
        known.add(end);
        add.push({ group: "nodes", data: nodeData({ id: end, label: end, kind: "other" }) });
      }
    }
    const id = edgeId(e);
    // Paths are found without regard to direction: keep the edge the graph already has.
    const reverse = edgeId({ source: e.target, target: e.source, label: e.label });
    if (cy.getElementById(id).empty() && cy.getElementById(reverse).empty()) {
      add.push({
        group: "edges",
        data: { id, source: e.source, target: e.target, label: e.label ?? "", short: relationName(e.label) },
      });
    }
  }
  let added = cy.collection();
  cy.batch(() => {
    added = cy.add(add);
  });
  return added.nodes();
}

export function layoutOptions(name, cy, { roots = null, fit = true, incremental = false } = {}) {
  const n = cy.nodes(":visible").length;
  switch (name) {
    case "concentric":
      return { name, fit, animate: false, avoidOverlap: true, minNodeSpacing: 12, concentric: (node) => node.degree(), levelWidth: () => 2 };
    case "breadthfirst":
      return {
        name,
        fit,
        animate: false,
        directed: false,
        spacingFactor: n > 300 ? 0.7 : 1.1,
        avoidOverlap: true,
        roots: roots && roots.nonempty() ? roots : undefined,
      };
    case "grid":
      return { name, fit, animate: false, avoidOverlap: true, avoidOverlapPadding: 12 };
    case "fcose":
      if (hasFcose()) {
        return {
          name,
          fit,
          animate: false,
          // Keeping positions (incremental) needs the "proof" quality in fcose.
          quality: incremental ? "proof" : n > 1500 ? "draft" : "default",
          randomize: !incremental,
          nodeDimensionsIncludeLabels: n < 600,
          idealEdgeLength: () => (n > 600 ? 50 : 90),
          nodeRepulsion: () => (n > 600 ? 6000 : 12000),
          nodeSeparation: 60,
          packComponents: true,
          tile: true,
          padding: 30,
        };
      }
    // falls through: no fcose, use the built-in cose
    default:
      return {
        name: "cose",
        fit,
        animate: false,
        randomize: !incremental,
        nodeDimensionsIncludeLabels: n < 600,
        idealEdgeLength: () => (n > 600 ? 60 : 110),
        nodeRepulsion: () => (n > 600 ? 9000 : 20000),
        edgeElasticity: () => 80,
        gravity: 0.6,
        numIter: n > 1000 ? 150 : n > 400 ? 400 : 1000,
        initialTemp: incremental ? 60 : 1000,
        componentSpacing: 60,
      };
  }
}

/** Lay out the visible part of the graph. */
export function runLayout(cy, name, opts = {}) {
  const eles = cy.elements(":visible");
  if (eles.empty()) return;
  eles.layout(layoutOptions(name, cy, opts)).run();
  // A handful of nodes would otherwise be blown up to fill the canvas.
  if (opts.fit !== false && cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center(eles);
  }
}

export function kindCounts(cy) {
  const counts = new Map();
  cy.nodes().forEach((n) => counts.set(n.data("kind"), (counts.get(n.data("kind")) || 0) + 1));
  return counts;
}

/** Hide nodes (and so their edges) whose kind is in `hidden`. Returns how many are hidden. */
export function applyKindFilter(cy, hidden) {
  let count = 0;
  cy.batch(() => {
    cy.nodes().forEach((n) => {
      const hide = hidden.has(n.data("kind"));
      if (hide) {
        count += 1;
        n.addClass("kind-hidden");
        n.unselect();
      } else {
        n.removeClass("kind-hidden");
      }
    });
  });
  return count;
}

export function highlightPath(cy, ids, edges = []) {
  clearHighlight(cy);
  const nodes = cy.collection(ids.map((id) => cy.getElementById(id)).filter((n) => n.nonempty()));
  let pathEdges = cy.collection();
  for (const e of edges) {
    const el = cy.getElementById(edgeId(e));
    if (el.nonempty()) pathEdges = pathEdges.union(el);
  }
  // Path given only as node ids: take edges between consecutive nodes.
  for (let i = 0; i + 1 < ids.length; i++) {
    const a = cy.getElementById(ids[i]);
    const b = cy.getElementById(ids[i + 1]);
    if (a.nonempty() && b.nonempty()) pathEdges = pathEdges.union(a.edgesWith(b));
  }
  cy.batch(() => {
    cy.elements().addClass("faded");
    nodes.removeClass("faded").addClass("path");
    pathEdges.removeClass("faded").addClass("path");
  });
  return nodes.union(pathEdges);
}

export function clearHighlight(cy) {
  cy.batch(() => cy.elements().removeClass("faded path"));
}

export function focusNode(cy, id) {
  const node = cy.getElementById(id);
  if (node.empty()) return null;
  cy.nodes().removeClass("focus");
  cy.$(":selected").unselect();
  node.select();
  // Centre without zooming in: the neighbourhood should stay in view.
  cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 0.5) }, { duration: 250 });
  return node;
}
