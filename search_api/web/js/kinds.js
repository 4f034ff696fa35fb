// Entity kinds: colour and shape per kind, shared by the graph, its legend and the chips.
// Shapes differ too, so kinds stay distinguishable without colour.

export const KINDS = {
  policy: { color: "#1f77b4", shape: "round-rectangle" },
  programme: { color: "#17a2b8", shape: "diamond" },
  strategic_industry: { color: "#d62728", shape: "star" },
  industry: { color: "#8c6d31", shape: "ellipse" },
  technology: { color: "#2ca02c", shape: "hexagon" },
  organisation: { color: "#9467bd", shape: "rectangle" },
  ministry: { color: "#4b2a7b", shape: "triangle" },
  region: { color: "#ff7f0e", shape: "octagon" },
  growth_engine: { color: "#bcbd22", shape: "pentagon" },
  passage: { color: "#9aa5b1", shape: "ellipse" },
};

export const KIND_ORDER = Object.keys(KINDS);

function hslToHex(hue, sat, light) {
  const a = sat * Math.min(light, 1 - light);
  const f = (n) => {
    const k = (n + hue / 30) % 12;
    const c = light - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** A stable colour for a kind the UI does not know yet (hex, so exports can use it). */
function hashColor(text) {
  let hash = 0;
  for (const ch of String(text)) hash = (hash * 31 + ch.codePointAt(0)) | 0;
  return hslToHex(Math.abs(hash) % 360, 0.45, 0.45);
}

export function kindColor(kind) {
  return KINDS[kind]?.color || hashColor(kind || "other");
}

export function kindShape(kind) {
  return KINDS[kind]?.shape || "ellipse";
}

/** A tiny inline SVG of the kind's shape and colour, for legends. */
export function kindSwatch(kind, size = 14) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("aria-hidden", "true");
  svg.classList.add("kind-swatch");
  const fill = kindColor(kind);
  const shape = kindShape(kind);
  const poly = (pts) => {
    const el = document.createElementNS(ns, "polygon");
    el.setAttribute("points", pts);
    return el;
  };
  const regular = (n, r = 9, rot = -Math.PI / 2) =>
    poly(
      Array.from({ length: n }, (_, i) => {
        const a = rot + (i * 2 * Math.PI) / n;
        return `${(10 + r * Math.cos(a)).toFixed(1)},${(10 + r * Math.sin(a)).toFixed(1)}`;
      }).join(" "),
    );
  let el;
  switch (shape) {
    case "round-rectangle":
    case "rectangle": {
      el = document.createElementNS(ns, "rect");
      el.setAttribute("x", "2");
      el.setAttribute("y", "4");
      el.setAttribute("width", "16");
      el.setAttribute("height", "12");
      if (shape === "round-rectangle") el.setAttribute("rx", "3");
      break;
    }
    case "diamond":
      el = poly("10,1 19,10 10,19 1,10");
      break;
    case "triangle":
      el = poly("10,2 19,18 1,18");
      break;
    case "star":
      el = poly(
        Array.from({ length: 10 }, (_, i) => {
          const r = i % 2 ? 4 : 9.5;
          const a = -Math.PI / 2 + (i * Math.PI) / 5;
          return `${(10 + r * Math.cos(a)).toFixed(1)},${(10.5 + r * Math.sin(a)).toFixed(1)}`;
        }).join(" "),
      );
      break;
    case "hexagon":
      el = regular(6, 9, 0);
      break;
    case "pentagon":
      el = regular(5);
      break;
    case "octagon":
      el = regular(8, 9, Math.PI / 8);
      break;
    default:
      el = document.createElementNS(ns, "circle");
      el.setAttribute("cx", "10");
      el.setAttribute("cy", "10");
      el.setAttribute("r", "8");
  }
  el.setAttribute("fill", fill);
  el.setAttribute("stroke", "rgba(0,0,0,0.35)");
  el.setAttribute("stroke-width", "1");
  svg.append(el);
  return svg;
}
