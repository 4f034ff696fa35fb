// Passages come from Markdown sources: show them without the markup. Only text nodes and
// <strong> are ever created, so no HTML from a document reaches the page.

import { h } from "./dom.js";

const HEADING = /^\s{0,3}#{1,6}\s+/;
const BULLET = /^\s*[-*+]\s+/;
const NUMBERED = /^\s*(\d+)[.)]\s+/;

/** One line of plain text, Markdown markers removed (for snippets and table cells). */
export function plainText(text) {
  return String(text ?? "")
    .split("\n")
    .map((line) => line.replace(HEADING, "").replace(BULLET, "• ").replace(/\*\*(.+?)\*\*/g, "$1").replace(/__(.+?)__/g, "$1"))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

export function snippet(text, max = 300) {
  const t = plainText(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function inline(line) {
  const out = [];
  const re = /\*\*(.+?)\*\*/g;
  let at = 0;
  let m;
  while ((m = re.exec(line)) !== null) {
    if (m.index > at) out.push(line.slice(at, m.index));
    out.push(h("strong", {}, m[1]));
    at = m.index + m[0].length;
  }
  if (at < line.length) out.push(line.slice(at));
  return out;
}

/** Block rendering: headings bold on their own line, list items with bullets, paragraphs kept. */
export function richText(text) {
  const blocks = [];
  for (const raw of String(text ?? "").split("\n")) {
    const line = raw.trimEnd();
    if (!line.trim()) continue;
    if (HEADING.test(line)) {
      blocks.push(h("div", { class: "md-h" }, h("strong", {}, line.replace(HEADING, ""))));
    } else if (BULLET.test(line)) {
      blocks.push(h("div", { class: "md-li" }, "• ", inline(line.replace(BULLET, ""))));
    } else if (NUMBERED.test(line)) {
      const n = NUMBERED.exec(line)[1];
      blocks.push(h("div", { class: "md-li" }, `${n}. `, inline(line.replace(NUMBERED, ""))));
    } else {
      blocks.push(h("div", { class: "md-p" }, inline(line)));
    }
  }
  return blocks;
}
