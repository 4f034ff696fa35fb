// Small DOM helpers. API data is only ever inserted as text, never as HTML.

/**
 * Create an element: h("button", {class: "x", onclick: fn, "aria-label": "…"}, "text", child).
 * Attributes: `class`, `text`, `html` is deliberately not supported; `on*` are listeners;
 * `dataset` is an object; boolean `true` sets an empty attribute, false/null/undefined skip it.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "text") {
      el.textContent = String(value);
    } else if (key === "value" && "value" in el && !(el instanceof SVGElement)) {
      el.value = value;
    } else if (key === "checked" || key === "selected" || key === "disabled") {
      el[key] = Boolean(value);
      if (value) el.setAttribute(key, "");
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let uid = 0;
export function nextId(prefix = "id") {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** A labelled form field: returns {wrap, input}. `control` is an element already built. */
export function field(labelKeyOrNode, control, { grow = false, cls = "" } = {}) {
  if (!control.id) control.id = nextId("f");
  const label = h("label", { for: control.id });
  if (typeof labelKeyOrNode === "string") label.dataset.i18n = labelKeyOrNode;
  else label.append(labelKeyOrNode);
  return h("div", { class: `field${grow ? " grow" : ""} ${cls}`.trim() }, label, control);
}

export function option(value, text, selected = false) {
  return h("option", { value, selected }, text);
}

export function fmtNumber(value, digits = 2) {
  if (value === null || value === undefined || value === "" || Number.isNaN(Number(value))) return "–";
  const n = Number(value);
  return n.toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function fmtInt(value) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return Math.round(Number(value)).toLocaleString();
}

export function fmtSigned(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  const n = Number(value);
  const text = fmtNumber(Math.abs(n), digits);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

export function fmtPercent(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return "–";
  return `${fmtSigned(Number(value) * 100, digits)}%`;
}

export function truncate(text, max = 280) {
  const t = String(text ?? "").replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Debounce a function (for type-ahead). */
export function debounce(fn, ms = 250) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
