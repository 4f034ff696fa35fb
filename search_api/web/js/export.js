// Graph downloads built in the browser from the Cytoscape elements: PNG (cy.png), SVG, GraphML,
// GEXF 1.2 for Gephi (with colours and positions), and JSON-LD with the ontology's terms.

const NS = {
  pkg: "https://w3id.org/policykg/ontology#",
  id: "https://w3id.org/policykg/id/",
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  dcterms: "http://purl.org/dc/terms/",
  prov: "http://www.w3.org/ns/prov#",
  org: "http://www.w3.org/ns/org#",
  foaf: "http://xmlns.com/foaf/0.1/",
  qb: "http://purl.org/linked-data/cube#",
};

const CLASS_OF_KIND = {
  policy: "pkg:Policy",
  programme: "pkg:Programme",
  strategic_industry: "pkg:StrategicIndustry",
  industry: "pkg:Industry",
  technology: "pkg:Technology",
  organisation: "org:Organization",
  ministry: "pkg:GovernmentBody",
  region: "pkg:Region",
  growth_engine: "pkg:GrowthEngine",
  passage: "pkg:Passage",
};

export function xmlEscape(text) {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    // Characters XML 1.0 does not allow.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, "");
}

function hexToRgb(hex) {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(String(hex || ""));
  return m ? m.slice(1).map((x) => parseInt(x, 16)) : [128, 128, 128];
}

/** Elements to export: what is visible (type filter applied). */
function visible(cy) {
  const nodes = cy.nodes(":visible");
  const edges = cy.edges(":visible");
  return { nodes, edges };
}

export function toGraphML(cy) {
  const { nodes, edges } = visible(cy);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="color" for="node" attr.name="color" attr.type="string"/>',
    '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
    '  <key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>',
    '  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>',
    '  <graph id="policykg" edgedefault="directed">',
  ];
  nodes.forEach((n) => {
    const p = n.position();
    lines.push(
      `    <node id="${xmlEscape(n.id())}">`,
      `      <data key="label">${xmlEscape(n.data("label"))}</data>`,
      `      <data key="kind">${xmlEscape(n.data("kind"))}</data>`,
      `      <data key="color">${xmlEscape(n.data("color"))}</data>`,
      `      <data key="x">${p.x.toFixed(2)}</data>`,
      `      <data key="y">${p.y.toFixed(2)}</data>`,
      "    </node>",
    );
  });
  edges.forEach((e, i) => {
    lines.push(
      `    <edge id="e${i}" source="${xmlEscape(e.data("source"))}" target="${xmlEscape(e.data("target"))}">`,
      `      <data key="predicate">${xmlEscape(e.data("label"))}</data>`,
      `      <data key="elabel">${xmlEscape(e.data("short"))}</data>`,
      "    </edge>",
    );
  });
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}

export function toGEXF(cy) {
  const { nodes, edges } = visible(cy);
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http://www.gexf.net/1.2draft/viz" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">',
    `  <meta lastmodifieddate="${date}"><creator>policykg</creator><description>policykg graph explorer export</description></meta>`,
    '  <graph mode="static" defaultedgetype="directed">',
    '    <attributes class="node">',
    '      <attribute id="kind" title="kind" type="string"/>',
    '      <attribute id="iri" title="iri" type="string"/>',
    "    </attributes>",
    '    <attributes class="edge">',
    '      <attribute id="predicate" title="predicate" type="string"/>',
    "    </attributes>",
    "    <nodes>",
  ];
  nodes.forEach((n) => {
    const p = n.position();
    const [r, g, b] = hexToRgb(n.data("color"));
    lines.push(
      `      <node id="${xmlEscape(n.id())}" label="${xmlEscape(n.data("label"))}">`,
      "        <attvalues>",
      `          <attvalue for="kind" value="${xmlEscape(n.data("kind"))}"/>`,
      `          <attvalue for="iri" value="${xmlEscape(n.id())}"/>`,
      "        </attvalues>",
      `        <viz:color r="${r}" g="${g}" b="${b}"/>`,
      `        <viz:position x="${p.x.toFixed(2)}" y="${(-p.y).toFixed(2)}" z="0.0"/>`,
      `        <viz:size value="${Math.max(4, Math.min(30, 4 + 2 * n.degree()))}"/>`,
      "      </node>",
    );
  });
  lines.push("    </nodes>", "    <edges>");
  edges.forEach((e, i) => {
    lines.push(
      `      <edge id="${i}" source="${xmlEscape(e.data("source"))}" target="${xmlEscape(e.data("target"))}" label="${xmlEscape(e.data("short"))}">`,
      `        <attvalues><attvalue for="predicate" value="${xmlEscape(e.data("label"))}"/></attvalues>`,
      "      </edge>",
    );
  });
  lines.push("    </edges>", "  </graph>", "</gexf>", "");
  return lines.join("\n");
}

// The API names relations by local name; these belong to vocabularies other than pkg.
const PREFIX_OF_LOCAL = {
  skos: ["broader", "narrower", "related", "broadMatch", "narrowMatch", "exactMatch", "closeMatch", "relatedMatch", "inScheme", "topConceptOf", "hasTopConcept"],
  dcterms: ["subject", "publisher", "creator", "isPartOf", "hasPart", "references", "source", "spatial", "coverage"],
  prov: ["wasDerivedFrom", "wasGeneratedBy", "used", "wasAttributedTo"],
  org: ["memberOf", "hasMember", "subOrganizationOf", "hasSubOrganization", "hasSite"],
  rdf: ["type"],
};
const LOCAL_PREFIX = new Map(Object.entries(PREFIX_OF_LOCAL).flatMap(([prefix, names]) => names.map((n) => [n, prefix])));

/** A predicate as a JSON-LD key: full IRI, a known prefix:name, or a local name in its vocabulary. */
function predicateKey(label) {
  const text = String(label || "related").trim();
  if (/^https?:\/\//.test(text)) return text;
  const m = /^([A-Za-z][\w-]*):(\S+)$/.exec(text);
  if (m && NS[m[1]]) return text;
  const local = text.replace(/[^\p{L}\p{N}_-]+/gu, "_") || "related";
  return `${LOCAL_PREFIX.get(local) || "pkg"}:${local}`;
}

export function toJSONLD(cy) {
  const { nodes, edges } = visible(cy);
  const byId = new Map();
  nodes.forEach((n) => {
    const entry = { "@id": n.id(), "rdfs:label": n.data("label"), "pkg:kind": n.data("kind") };
    const cls = CLASS_OF_KIND[n.data("kind")];
    if (cls) entry["@type"] = cls;
    byId.set(n.id(), entry);
  });
  edges.forEach((e) => {
    const src = byId.get(e.data("source"));
    if (!src) return;
    const key = predicateKey(e.data("label"));
    const list = src[key] || (src[key] = []);
    list.push({ "@id": e.data("target") });
  });
  const doc = {
    "@context": { ...NS, "pkg:kind": { "@id": "pkg:kind" } },
    "@graph": [...byId.values()],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function svgShape(shape, x, y, r, fill) {
  const attrs = `fill="${fill}" stroke="rgba(0,0,0,0.35)" stroke-width="1"`;
  const poly = (pts) => `<polygon points="${pts.map(([px, py]) => `${(x + px).toFixed(1)},${(y + py).toFixed(1)}`).join(" ")}" ${attrs}/>`;
  const regular = (n, rot = -Math.PI / 2, rr = r) =>
    Array.from({ length: n }, (_, i) => [rr * Math.cos(rot + (2 * Math.PI * i) / n), rr * Math.sin(rot + (2 * Math.PI * i) / n)]);
  switch (shape) {
    case "rectangle":
    case "round-rectangle":
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r * 0.75).toFixed(1)}" width="${(2 * r).toFixed(1)}" height="${(1.5 * r).toFixed(1)}" rx="${shape === "rectangle" ? 0 : 3}" ${attrs}/>`;
    case "diamond":
      return poly([[0, -r], [r, 0], [0, r], [-r, 0]]);
    case "triangle":
      return poly(regular(3));
    case "pentagon":
      return poly(regular(5));
    case "hexagon":
      return poly(regular(6, 0));
    case "octagon":
      return poly(regular(8, Math.PI / 8));
    case "star":
      return poly(Array.from({ length: 10 }, (_, i) => {
        const rr = i % 2 ? r * 0.45 : r;
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        return [rr * Math.cos(a), rr * Math.sin(a)];
      }));
    default:
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" ${attrs}/>`;
  }
}

/** A standalone SVG drawing of the visible graph at its current layout. */
export function toSVG(cy) {
  const { nodes, edges } = visible(cy);
  const bb = nodes.boundingBox({ includeLabels: true });
  const pad = 30;
  const w = Math.max(100, bb.w + 2 * pad);
  const hgt = Math.max(100, bb.h + 2 * pad);
  const ox = pad - bb.x1;
  const oy = pad - bb.y1;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w.toFixed(0)}" height="${hgt.toFixed(0)}" viewBox="0 0 ${w.toFixed(1)} ${hgt.toFixed(1)}" font-family="'Noto Sans KR','Malgun Gothic','Apple SD Gothic Neo',sans-serif">`,
    '<rect width="100%" height="100%" fill="#ffffff"/>',
    '<g stroke="#b8c2cf" stroke-width="1.2">',
  ];
  edges.forEach((e) => {
    const a = e.source().position();
    const b = e.target().position();
    const path = e.hasClass("path");
    out.push(
      `<line x1="${(a.x + ox).toFixed(1)}" y1="${(a.y + oy).toFixed(1)}" x2="${(b.x + ox).toFixed(1)}" y2="${(b.y + oy).toFixed(1)}"${path ? ' stroke="#e4572e" stroke-width="4"' : ""}><title>${xmlEscape(e.data("label"))}</title></line>`,
    );
  });
  out.push("</g>", "<g>");
  nodes.forEach((n) => {
    const p = n.position();
    const x = p.x + ox;
    const y = p.y + oy;
    const r = Math.max(5, n.width() / 2);
    out.push(
      `<g><title>${xmlEscape(n.data("label"))} (${xmlEscape(n.data("kind"))}) ${xmlEscape(n.id())}</title>`,
      svgShape(n.data("shape"), x, y, r, n.data("color")),
      `<text x="${x.toFixed(1)}" y="${(y + r + 11).toFixed(1)}" font-size="10" text-anchor="middle" fill="#1b2430" stroke="#fff" stroke-width="3" paint-order="stroke">${xmlEscape(n.data("short"))}</text></g>`,
    );
  });
  out.push("</g>", "</svg>", "");
  return out.join("\n");
}

export async function toPNG(cy) {
  return cy.png({ output: "blob-promise", full: true, scale: 2, bg: "#ffffff", maxWidth: 8000, maxHeight: 8000 });
}

/** Save `data` (string or Blob) under `filename`. */
export function download(filename, data, mime = "application/octet-stream") {
  const blob = data instanceof Blob ? data : new Blob([data], { type: `${mime};charset=utf-8` });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(url);
    a.remove();
  }, 1000);
}
