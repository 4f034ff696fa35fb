// Side panel showing a document's passages, with the cited passage highlighted and scrolled to.

import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { richText } from "./text.js";
import { errorBox, statusLine } from "./ui.js";

const panel = () => document.getElementById("doc-panel");
let returnFocus = null;
let current = null;
const cache = new Map();

export function initDocPanel() {
  document.getElementById("doc-panel-close").addEventListener("click", closeDocument);
  panel().addEventListener("keydown", (ev) => {
    if (ev.key === "Escape") {
      ev.stopPropagation();
      closeDocument();
    }
  });
  document.addEventListener("keydown", (ev) => {
    if (ev.key === "Escape" && !panel().hidden) closeDocument();
  });
}

export function closeDocument() {
  const el = panel();
  if (el.hidden) return;
  el.hidden = true;
  current = null;
  if (returnFocus && document.body.contains(returnFocus)) returnFocus.focus();
  returnFocus = null;
}

function sameText(a, b) {
  const norm = (x) => String(x || "").replace(/\s+/g, " ").trim();
  return norm(a) && norm(b) && (norm(a).includes(norm(b).slice(0, 60)) || norm(b).includes(norm(a).slice(0, 60)));
}

/** Index of the passage to highlight: by passage IRI, then character offsets, then text. */
function findCited(passages, target) {
  if (!target) return -1;
  if (target.passage) {
    const i = passages.findIndex((p) => p.passage === target.passage);
    if (i >= 0) return i;
  }
  if (Number.isFinite(target.start)) {
    const i = passages.findIndex((p) => p.start <= target.start && target.start < p.end);
    if (i >= 0) return i;
  }
  if (target.text) return passages.findIndex((p) => sameText(p.text, target.text));
  return -1;
}

/** The passage, Markdown shown plainly; the cited span marked when narrower than the passage. */
function passageBody(p, target) {
  const text = String(p.text ?? "");
  if (target && Number.isFinite(target.start) && Number.isFinite(target.end)) {
    const a = target.start - p.start;
    const b = target.end - p.start;
    if (a >= 0 && b <= text.length && a < b && (a > 0 || b < text.length)) {
      return h("div", { class: "md-p pre" }, text.slice(0, a), h("mark", {}, text.slice(a, b)), text.slice(b));
    }
  }
  return richText(text);
}

/**
 * Open `docId` in the side panel. target: {passage, start, end, text} of the cited passage.
 * `opener` gets focus back when the panel closes.
 */
export async function openDocument(docId, target = null, opener = null) {
  const el = panel();
  const title = document.getElementById("doc-panel-title");
  const meta = document.getElementById("doc-panel-meta");
  const body = document.getElementById("doc-panel-body");
  returnFocus = opener || document.activeElement;
  current = docId;
  el.hidden = false;
  el.dataset.docId = docId;
  title.textContent = docId;
  meta.textContent = "";
  replace(body, statusLine("common.loading"));
  body.setAttribute("aria-busy", "true");
  let doc;
  try {
    doc = cache.get(docId) || (await api.document(docId));
    cache.set(docId, doc);
  } catch (err) {
    if (current === docId) replace(body, errorBox(err));
    body.removeAttribute("aria-busy");
    title.focus();
    return;
  }
  if (current !== docId) return;
  body.removeAttribute("aria-busy");
  title.textContent = doc.title || docId;
  meta.textContent = [doc.issuer, doc.year, doc.language?.toUpperCase(), doc.doc_id].filter(Boolean).join(" · ");
  const passages = doc.passages || [];
  const cited = findCited(passages, target);
  const list = h("div", { class: "doc-passages" });
  passages.forEach((p, i) => {
    const isCited = i === cited;
    list.append(
      h(
        "div",
        {
          class: `doc-passage${isCited ? " cited" : ""}`,
          id: `passage-${i}`,
          dataset: { passage: p.passage || "" },
          "aria-current": isCited ? "true" : null,
          tabindex: isCited ? "-1" : null,
        },
        h(
          "span",
          { class: "p-ord" },
          `§${p.ordinal ?? i + 1}`,
          p.page ? ` · ${t("common.page")} ${p.page}` : "",
          isCited ? ` · ${t("doc.cited")}` : "",
        ),
        passageBody(p, isCited ? target : null),
      ),
    );
  });
  if (!passages.length) list.append(h("p", { class: "muted" }, t("doc.noPassages")));
  if (target && cited < 0 && passages.length) {
    replace(body, h("p", { class: "notice small" }, t("doc.citedNotFound")), list);
  } else {
    replace(body, list);
  }
  const mark = list.querySelector(".doc-passage.cited");
  if (mark) {
    // Scroll the panel only (scrollIntoView would move the page behind it too).
    body.scrollTop = Math.max(0, mark.offsetTop - (body.clientHeight - mark.offsetHeight) / 2);
    mark.focus({ preventScroll: true });
  } else {
    title.focus();
  }
}

/** A button that opens a passage in its document. */
export function openButton(docId, target, { label = null, cls = "secondary" } = {}) {
  const btn = h(
    "button",
    { type: "button", class: `${cls} open-doc`, dataset: { docId } },
    label || t("doc.open"),
  );
  btn.addEventListener("click", () => openDocument(docId, target, btn));
  return btn;
}
