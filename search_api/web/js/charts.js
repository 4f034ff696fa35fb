// Inline SVG and CSS charts: score bars, score components, horizontal bar chart, heatmap.

import { fmtNumber, h, s } from "./dom.js";
import { t } from "./i18n.js";

/** One score in [0, 1] as a bar with its value. */
export function scoreBar(score, { max = 1, label = null } = {}) {
  const value = Number(score) || 0;
  const pct = Math.max(0, Math.min(100, (value / (max || 1)) * 100));
  return h(
    "div",
    {
      class: "score-cell",
      role: "img",
      "aria-label": `${label || t("common.score")} ${fmtNumber(value, 3)}`,
    },
    h("div", { class: "score-track" }, h("div", { class: "score-fill", style: `width:${pct.toFixed(1)}%` })),
    h("span", { class: "num" }, fmtNumber(value, 3)),
  );
}

/**
 * Score components as small horizontal bars around a zero line (components can be negative,
 * e.g. a model's bias). `labelFor(name)` gives the display name.
 */
export function componentBars(components, labelFor = (k) => k) {
  const entries = Object.entries(components || {}).filter(
    ([, v]) => v !== null && v !== undefined && !Number.isNaN(Number(v)),
  );
  if (!entries.length) return h("span", { class: "muted small" }, "–");
  const values = entries.map(([, v]) => Number(v));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const span = hi - lo || 1;
  const zero = ((0 - lo) / span) * 100;
  const box = h("div", { class: "bars" });
  for (const [name, raw] of entries) {
    const v = Number(raw);
    const start = v >= 0 ? zero : ((v - lo) / span) * 100;
    const width = (Math.abs(v) / span) * 100;
    box.append(
      h("span", { class: "bar-label" }, labelFor(name)),
      h(
        "span",
        { class: "bar-track", role: "img", "aria-label": `${labelFor(name)} ${fmtNumber(v, 3)}` },
        h("span", {
          class: `bar-fill${v < 0 ? " negative" : ""}`,
          style: `left:${start.toFixed(1)}%;width:${Math.max(width, 0.5).toFixed(1)}%`,
        }),
        lo < 0 ? h("span", { class: "bar-zero", style: `left:${zero.toFixed(1)}%` }) : null,
      ),
      h("span", { class: "bar-value" }, fmtNumber(v, 2)),
    );
  }
  return box;
}

/**
 * Horizontal bar chart. rows: [{label, value, title?}]; refValue draws a dashed reference line
 * (a location quotient of 1 = the national share).
 */
export function barChart(rows, { title, refValue = null, refLabel = "", digits = 2, highlightAbove = null } = {}) {
  const labelWidth = 150;
  const rowH = 28;
  const padTop = 22;
  const padBottom = 26;
  const width = 520;
  const plotW = width - labelWidth - 60;
  const values = rows.map((r) => Number(r.value) || 0);
  const step = niceStep(Math.max(refValue || 0, ...values, 0.0001) / 4);
  const max = Math.ceil((Math.max(refValue || 0, ...values, 0.0001) * 1.04) / step) * step;
  const x = (v) => labelWidth + (Math.max(0, v) / max) * plotW;
  const height = padTop + rows.length * rowH + padBottom;
  const svg = s("svg", {
    class: "chart bar-chart",
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": title || "",
  });
  if (title) svg.append(s("title", {}, title));
  // Grid ticks at round numbers
  const tickDigits = step < 1 ? (step < 0.1 ? 2 : 1) : 0;
  for (let v = 0; v <= max + step / 2; v += step) {
    const gx = x(v);
    svg.append(
      s("line", { x1: gx, x2: gx, y1: padTop - 4, y2: height - padBottom, stroke: "#e3e8ef" }),
      s("text", { x: gx, y: height - 8, "text-anchor": "middle", class: "axis-label" }, fmtNumber(v, tickDigits)),
    );
  }
  rows.forEach((r, i) => {
    const y = padTop + i * rowH;
    const v = Number(r.value) || 0;
    const above = highlightAbove !== null && v >= highlightAbove;
    const g = s("g", {});
    g.append(
      s("title", {}, r.title || `${r.label}: ${fmtNumber(v, digits)}`),
      s("text", { x: labelWidth - 8, y: y + rowH / 2 + 4, "text-anchor": "end" }, r.label),
      s("rect", {
        x: labelWidth,
        y: y + 5,
        width: Math.max(1, x(v) - labelWidth),
        height: rowH - 10,
        rx: 3,
        fill: above ? "#1f5fa8" : "#9bb7d6",
      }),
      s("text", { x: x(v) + 6, y: y + rowH / 2 + 4, class: "axis-label" }, fmtNumber(v, digits)),
    );
    svg.append(g);
  });
  if (refValue !== null) {
    const rx = x(refValue);
    svg.append(
      s("line", { x1: rx, x2: rx, y1: padTop - 8, y2: height - padBottom, class: "ref-line" }),
      s("text", { x: rx + 4, y: padTop - 8, class: "axis-label" }, refLabel),
    );
  }
  return svg;
}

/** A round step (1, 2 or 5 times a power of ten) close to `raw`. */
function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

/** Sequential colour from white-blue to deep blue for t in [0, 1]. */
export function heatColor(tv) {
  const v = Math.max(0, Math.min(1, tv));
  const a = [232, 241, 251];
  const b = [16, 64, 135];
  const mix = a.map((c, i) => Math.round(c + (b[i] - c) * v));
  return `rgb(${mix.join(",")})`;
}

/**
 * Square heatmap. labels: [{code, label}]; value(i, j) → number|null; onSelect(i, j) on click or
 * Enter/Space. Cells are focusable buttons so the chart works from the keyboard.
 */
export function heatmap(labels, value, onSelect, { title = "", cellLabel = () => "" } = {}) {
  const n = labels.length;
  const cell = Math.max(38, Math.min(64, Math.floor(520 / Math.max(n, 1))));
  const left = 150;
  const top = 110;
  const width = left + n * cell + 70; // room for the last rotated column label
  const height = top + n * cell + 10;
  const vals = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const v = value(i, j);
    if (v !== null && v !== undefined) vals.push(v);
  }
  const lo = vals.length ? Math.min(...vals) : 0;
  const hi = vals.length ? Math.max(...vals) : 1;
  const norm = (v) => (hi - lo > 1e-9 ? (v - lo) / (hi - lo) : 1);
  const svg = s("svg", {
    class: "chart heatmap",
    viewBox: `0 0 ${width} ${height}`,
    style: `max-width:${width}px`,
    role: "group",
    "aria-label": title,
  });
  labels.forEach((lab, i) => {
    svg.append(
      s("text", { x: left - 8, y: top + i * cell + cell / 2 + 4, "text-anchor": "end" }, s("title", {}, lab.label), lab.short || lab.label),
      s(
        "text",
        {
          x: 0,
          y: 0,
          transform: `translate(${left + i * cell + cell / 2 + 4},${top - 8}) rotate(-40)`,
          "text-anchor": "start",
        },
        s("title", {}, lab.label),
        lab.short || lab.label,
      ),
    );
  });
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = value(i, j);
      const x = left + j * cell;
      const y = top + i * cell;
      if (v === null || v === undefined) {
        svg.append(s("rect", { x, y, width: cell, height: cell, class: "empty", "aria-hidden": "true" }));
        continue;
      }
      const fill = heatColor(0.15 + 0.85 * norm(v));
      const label = cellLabel(i, j, v);
      const rect = s("rect", {
        x,
        y,
        width: cell,
        height: cell,
        fill,
        class: "cell",
        tabindex: "0",
        role: "button",
        "aria-label": label,
        dataset: { i: String(i), j: String(j) },
      });
      rect.append(s("title", {}, label));
      const activate = () => {
        for (const other of svg.querySelectorAll("rect.cell.selected")) other.classList.remove("selected");
        for (const same of svg.querySelectorAll(`rect.cell[data-i="${i}"][data-j="${j}"], rect.cell[data-i="${j}"][data-j="${i}"]`)) {
          same.classList.add("selected");
        }
        onSelect(i, j);
      };
      rect.addEventListener("click", activate);
      rect.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          activate();
        }
      });
      const text = s(
        "text",
        {
          x: x + cell / 2,
          y: y + cell / 2 + 4,
          "text-anchor": "middle",
          "pointer-events": "none",
          style: `fill:${norm(v) > 0.45 ? "#fff" : "#1b2430"};font-size:11px`,
          "aria-hidden": "true",
        },
        fmtNumber(v, 2),
      );
      svg.append(rect, text);
    }
  }
  return { svg, lo, hi };
}
