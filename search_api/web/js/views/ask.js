// Ask & search: a question (Korean or English) → POST /ask with a cited answer; or passage
// search → GET /search. Citations open their passage in the document panel.

import { api, latestOnly } from "../api.js";
import { componentBars, scoreBar } from "../charts.js";
import { openButton, openDocument } from "../docpanel.js";
import { field, fmtNumber, h, replace } from "../dom.js";
import { applyI18n, getLang, t } from "../i18n.js";
import { replaceParams } from "../router.js";
import { snippet } from "../text.js";
import {
  entityChip,
  fillIndustrySelect,
  fillRegionSelect,
  industryName,
  kindBadge,
  statusLine,
  withLoading,
} from "../ui.js";
import { queueSubgraph } from "./explorer.js";

const EXAMPLES = {
  ko: [
    "광주 광산업에 맞는 중앙정부 정책은?",
    "광주가 자동차 분야에서 신청할 수 있는 사업은?",
    "광주와 전남이 함께 추진할 수 있는 공동사업은?",
    "광산업과 자동차산업의 융합 사업 후보는?",
  ],
  en: [
    "Which central-government policies fit Gwangju's photonics industry?",
    "Which programmes can Gwangju bid for in the automobile industry?",
    "Joint business between Gwangju and Jeollanam-do?",
    "Convergence candidates for photonics and automobiles?",
  ],
};

let els = {};
let last = null; // {mode, data}
const latest = latestOnly();

export function mount(section) {
  const modeAsk = h("input", { type: "radio", name: "ask-mode", value: "ask", id: "ask-mode-ask", checked: true });
  const modeSearch = h("input", { type: "radio", name: "ask-mode", value: "search", id: "ask-mode-search" });
  const question = h("textarea", {
    id: "ask-question",
    name: "q",
    rows: "2",
    required: true,
    "data-i18n-placeholder": "ask.placeholder",
    "aria-describedby": "ask-hint",
  });
  const answerLang = h(
    "select",
    { id: "ask-lang", name: "lang" },
    h("option", { value: "", "data-i18n": "ask.langAuto" }),
    h("option", { value: "ko" }, "한국어"),
    h("option", { value: "en" }, "English"),
  );
  const k = h("input", { type: "number", id: "search-k", min: "1", max: "100", value: "10" });
  const docLang = h(
    "select",
    { id: "search-doclang" },
    h("option", { value: "", "data-i18n": "common.any" }),
    h("option", { value: "ko" }, "한국어"),
    h("option", { value: "en" }, "English"),
  );
  const docType = h(
    "select",
    { id: "search-doctype" },
    h("option", { value: "", "data-i18n": "common.any" }),
    h("option", { value: "policy", "data-i18n": "doctype.policy" }),
    h("option", { value: "plan", "data-i18n": "doctype.plan" }),
    h("option", { value: "strategy", "data-i18n": "doctype.strategy" }),
    h("option", { value: "programme", "data-i18n": "doctype.programme" }),
    h("option", { value: "law", "data-i18n": "doctype.law" }),
  );
  const ministry = h("input", { type: "text", id: "search-ministry", "data-i18n-placeholder": "search.ministryPh" });
  const yearFrom = h("input", { type: "number", id: "search-yfrom", min: "1990", max: "2100" });
  const yearTo = h("input", { type: "number", id: "search-yto", min: "1990", max: "2100" });
  const region = h("select", { id: "search-region" });
  const industry = h("select", { id: "search-industry" });
  const filters = h(
    "details",
    { class: "search-filters", hidden: true },
    h("summary", { "data-i18n": "search.filters" }),
    h(
      "div",
      { class: "controls" },
      field("search.k", k),
      field("search.docLang", docLang),
      field("search.docType", docType),
      field("search.ministry", ministry),
      field("search.yearFrom", yearFrom),
      field("search.yearTo", yearTo),
      field("common.region", region),
      field("common.industry", industry),
    ),
  );
  const submit = h("button", { type: "submit", id: "ask-submit", "data-i18n": "ask.submit" });
  const examples = h("div", { class: "examples" });
  const form = h(
    "form",
    { class: "card ask-form", role: "search", "aria-labelledby": "h-ask" },
    h(
      "fieldset",
      { class: "radio-row-wrap" },
      h("legend", { "data-i18n": "ask.mode" }),
      h(
        "div",
        { class: "radio-row" },
        h("label", { for: "ask-mode-ask" }, modeAsk, h("span", { "data-i18n": "ask.modeAsk" })),
        h("label", { for: "ask-mode-search" }, modeSearch, h("span", { "data-i18n": "ask.modeSearch" })),
      ),
    ),
    h(
      "div",
      { class: "controls", style: "margin-top:0.6rem" },
      h(
        "div",
        { class: "field grow" },
        h("label", { for: "ask-question", id: "ask-question-label", "data-i18n": "ask.question" }),
        question,
        h("span", { id: "ask-hint", class: "muted small", "data-i18n": "ask.hint" }),
      ),
      h("div", { class: "field ask-lang-field" }, h("label", { for: "ask-lang", "data-i18n": "ask.answerLang" }), answerLang),
      submit,
    ),
    filters,
    examples,
  );
  const results = h("div", { id: "ask-results", "aria-live": "polite" });
  replace(
    section,
    h("div", { class: "view-head" }, h("h1", { id: "h-ask", "data-i18n": "ask.title" }), h("p", { "data-i18n": "ask.intro" })),
    form,
    results,
  );
  els = { form, question, modeAsk, modeSearch, answerLang, k, docLang, docType, ministry, yearFrom, yearTo, region, industry, filters, submit, examples, results };

  const onMode = () => setMode(modeSearch.checked ? "search" : "ask");
  modeAsk.addEventListener("change", onMode);
  modeSearch.addEventListener("change", onMode);
  question.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    run();
  });
  fillRegionSelect(region, "", { any: true });
  fillIndustrySelect(industry, "");
  renderExamples();
  applyI18n(section);
  replace(results, h("p", { class: "muted" }, t("ask.empty")));
}

function mode() {
  return els.modeSearch.checked ? "search" : "ask";
}

function setMode(m) {
  els.modeSearch.checked = m === "search";
  els.modeAsk.checked = m !== "search";
  els.filters.hidden = m !== "search";
  els.form.querySelector(".ask-lang-field").hidden = m === "search";
  els.submit.dataset.i18n = m === "search" ? "ask.searchSubmit" : "ask.submit";
  els.submit.textContent = t(els.submit.dataset.i18n);
  document.getElementById("ask-question-label").textContent = t(m === "search" ? "ask.searchQuery" : "ask.question");
  document.getElementById("ask-question-label").dataset.i18n = m === "search" ? "ask.searchQuery" : "ask.question";
}

function renderExamples() {
  replace(
    els.examples,
    h("span", { class: "muted small" }, t("ask.examples")),
    EXAMPLES[getLang()].map((q) =>
      h(
        "button",
        {
          type: "button",
          class: "chip",
          onclick: () => {
            els.question.value = q;
            els.form.requestSubmit();
          },
        },
        q,
      ),
    ),
  );
}

export function show(params) {
  const q = params.get("q");
  const m = params.get("mode");
  if (m) setMode(m === "search" ? "search" : "ask");
  if (q && q !== els.question.value) {
    els.question.value = q;
    run();
  } else {
    setTimeout(() => els.question.focus({ preventScroll: true }), 0);
  }
}

export function relabel() {
  fillRegionSelect(els.region, undefined, { any: true });
  fillIndustrySelect(els.industry, undefined);
  setMode(mode());
  renderExamples();
  if (last) render(last);
  else replace(els.results, h("p", { class: "muted" }, t("ask.empty")));
}

async function run() {
  const q = els.question.value.trim();
  if (!q) {
    els.question.focus();
    return;
  }
  const m = mode();
  replaceParams("ask", { q, mode: m === "search" ? "search" : null });
  const data = await withLoading(
    els.results,
    () =>
      latest((signal) =>
        m === "search"
          ? api.search(
              {
                q,
                k: els.k.value,
                lang: els.docLang.value,
                doc_type: els.docType.value,
                ministry: els.ministry.value.trim(),
                year_from: els.yearFrom.value,
                year_to: els.yearTo.value,
                region: els.region.value,
                industry: els.industry.value,
              },
              { signal },
            )
          : api.ask(q, els.answerLang.value || null, { signal }),
      ),
    { message: m === "search" ? "search.searching" : "ask.thinking" },
  );
  if (data === undefined) return;
  last = { mode: m, data };
  render(last);
}

function render({ mode: m, data }) {
  if (m === "search") renderSearch(data);
  else renderAnswer(data);
}

// --- answer ---------------------------------------------------------------------------------

function citationTarget(c) {
  return { passage: c.passage, start: c.start, end: c.end, text: c.text };
}

function answerWithMarkers(text, citations) {
  const byN = new Map(citations.map((c) => [Number(c.n), c]));
  const parts = [];
  const re = /\[(\d+)\]/g;
  let at = 0;
  let m;
  while ((m = re.exec(text)) !== null) {
    parts.push(text.slice(at, m.index));
    const c = byN.get(Number(m[1]));
    if (c) {
      const btn = h(
        "button",
        {
          type: "button",
          class: "cite-ref",
          "aria-label": t("ask.citeRef", { n: c.n, title: c.doc_title || c.doc_id }),
          dataset: { n: String(c.n) },
        },
        `[${c.n}]`,
      );
      btn.addEventListener("click", () => {
        flashCitation(c.n);
        openDocument(c.doc_id, citationTarget(c), btn);
      });
      parts.push(btn);
    } else {
      parts.push(m[0]);
    }
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

function flashCitation(n) {
  const li = els.results.querySelector(`ol.citations > li[data-n="${n}"]`);
  if (!li) return;
  li.classList.add("flash");
  setTimeout(() => li.classList.remove("flash"), 1200);
}

function renderAnswer(data) {
  const citations = data.citations || [];
  const items = data.items || [];
  const entities = data.entities || [];
  const messages = data.messages || [];
  const meta = [
    data.language ? `${t("ask.detectedLang")}: ${data.language.toUpperCase()}` : null,
    data.intent ? `${t("ask.intent")}: ${t(`intent.${data.intent}`) === `intent.${data.intent}` ? data.intent : t(`intent.${data.intent}`)}` : null,
  ].filter(Boolean);

  const answerCard = h(
    "section",
    { class: "card answer", "aria-labelledby": "ask-answer-h" },
    h("h2", { id: "ask-answer-h" }, t("ask.answer")),
    meta.length ? h("p", { class: "muted small" }, meta.join(" · ")) : null,
    h("p", { class: "answer-text", lang: data.language || null }, answerWithMarkers(data.answer || t("ask.noAnswer"), citations)),
    entities.length
      ? h("div", {}, h("span", { class: "muted small" }, t("ask.entities")), h("div", { class: "chips" }, entities.map((e) => entityChip(e.iri, e.label || e.surface, e.kind))))
      : null,
    messages.length ? h("ul", { class: "notice small messages" }, messages.map((m) => h("li", {}, m))) : null,
    data.subgraph?.nodes?.length
      ? h(
          "div",
          { class: "button-row", style: "margin-top:0.5rem" },
          h(
            "button",
            {
              type: "button",
              class: "secondary",
              onclick: () => queueSubgraph(data.subgraph, entities[0]?.iri),
            },
            t("ask.openSubgraph", { n: data.subgraph.nodes.length }),
          ),
        )
      : null,
  );

  const citeCard = h(
    "section",
    { class: "card", "aria-labelledby": "ask-cite-h" },
    h("h2", { id: "ask-cite-h" }, t("ask.citations"), " ", h("span", { class: "badge" }, String(citations.length))),
    citations.length
      ? h(
          "ol",
          { class: "citations" },
          citations.map((c) =>
            h(
              "li",
              { dataset: { n: String(c.n) }, id: `citation-${c.n}` },
              h("span", { class: "cite-n", "aria-hidden": "true" }, String(c.n)),
              h(
                "div",
                {},
                h("div", { class: "result-head" }, h("strong", {}, c.doc_title || c.doc_id), c.page ? h("span", { class: "muted small" }, `${t("common.page")} ${c.page}`) : null),
                h("p", { class: "snippet" }, snippet(c.text, 360)),
                openButton(c.doc_id, citationTarget(c), { label: t("ask.openPassage") }),
              ),
            ),
          ),
        )
      : h("p", { class: "muted" }, t("ask.noCitations")),
  );

  const itemsCard = items.length
    ? h(
        "section",
        { class: "card", "aria-labelledby": "ask-items-h" },
        h("h2", { id: "ask-items-h" }, t("ask.items"), " ", h("span", { class: "badge" }, String(items.length))),
        h(
          "div",
          { class: "table-wrap" },
          h(
            "table",
            { class: "items" },
            h(
              "thead",
              {},
              h("tr", {}, h("th", { scope: "col" }, "#"), h("th", { scope: "col" }, t("common.kind")), h("th", { scope: "col" }, t("common.name")), h("th", { scope: "col" }, t("common.score")), h("th", { scope: "col" }, t("common.detail")), h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("common.actions")))),
            ),
            h(
              "tbody",
              {},
              items.map((it, i) =>
                h(
                  "tr",
                  {},
                  h("td", { class: "num" }, String(i + 1)),
                  h("td", {}, kindBadge(it.kind)),
                  h("td", {}, it.label || it.id || it.iri),
                  h("td", {}, it.score === null || it.score === undefined ? "–" : scoreBar(it.score)),
                  h("td", { class: "small" }, itemDetail(it.detail)),
                  h(
                    "td",
                    {},
                    h(
                      "div",
                      { class: "button-row" },
                      it.id && ["policy", "programme", "document"].includes(it.kind) ? openButton(it.id, null, { label: t("doc.open") }) : null,
                      it.iri ? h("a", { class: "button secondary", href: `#graph?node=${encodeURIComponent(it.iri)}` }, t("common.inGraph")) : null,
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      )
    : null;

  replace(els.results, answerCard, citeCard, itemsCard);
}

const DETAIL_SKIP = new Set(["components", "industry", "industry_code", "is_programme", "year", "iri"]);

/** An item's detail: industry, year and programme flag, score components as bars, the rest as text. */
function itemDetail(detail) {
  if (detail === null || detail === undefined) return "";
  if (typeof detail !== "object") return String(detail);
  if (Array.isArray(detail)) return detail.map((d) => (typeof d === "object" ? JSON.stringify(d) : String(d))).join(", ");
  const head = [
    detail.industry_code ? industryName(detail.industry_code, detail.industry) : detail.industry,
    detail.year,
  ].filter((x) => x !== null && x !== undefined && x !== "");
  const rest = Object.entries(detail)
    .filter(([k, v]) => !DETAIL_SKIP.has(k) && v !== null && v !== undefined && v !== "" && typeof v !== "object")
    .map(([k, v]) => `${t(`stat.${k}`) === `stat.${k}` ? k : t(`stat.${k}`)}: ${typeof v === "number" ? fmtNumber(v, Number.isInteger(v) ? 0 : 2) : v}`);
  return h(
    "div",
    {},
    head.length ? h("div", {}, head.join(" · "), " ", detail.is_programme ? h("span", { class: "badge" }, t("kind.programme")) : null) : null,
    rest.length ? h("div", { class: "muted" }, rest.join(" · ")) : null,
    detail.components && typeof detail.components === "object" ? componentBars(detail.components, (k) => (t(`comp.${k}`) === `comp.${k}` ? k : t(`comp.${k}`))) : null,
  );
}

// --- search ---------------------------------------------------------------------------------

function renderSearch(data) {
  const results = data.results || [];
  const compLabel = (k) => (t(`comp.${k}`) === `comp.${k}` ? k : t(`comp.${k}`));
  replace(
    els.results,
    h(
      "section",
      { class: "card", "aria-labelledby": "search-h" },
      h("h2", { id: "search-h" }, t("search.results", { n: results.length, q: data.query ?? "" })),
      results.length
        ? h(
            "ol",
            { class: "results" },
            results.map((r, i) =>
              h(
                "li",
                {},
                h("span", { class: "cite-n", "aria-hidden": "true" }, String(i + 1)),
                h(
                  "div",
                  {},
                  h("div", { class: "result-head" }, h("strong", {}, r.doc_title || r.doc_id), r.page ? h("span", { class: "muted small" }, `${t("common.page")} ${r.page}`) : null, h("span", { class: "muted small mono" }, r.doc_id)),
                  h("p", { class: "snippet" }, snippet(r.text, 420)),
                  h(
                    "div",
                    { class: "controls" },
                    h("div", { style: "min-width:9rem" }, scoreBar(r.score, { max: Math.max(1, ...results.map((x) => x.score || 0)) })),
                    componentBars(r.components, compLabel),
                    openButton(r.doc_id, { passage: r.passage, start: r.start, end: r.end, text: r.text }),
                  ),
                ),
              ),
            ),
          )
        : statusLine("search.none"),
    ),
  );
}
