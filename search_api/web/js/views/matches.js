// Matches: policy–industry pairs from GET /matches with filters, pagination, score components,
// expandable evidence and graph paths, and a CSV download of the same query.

import { api, latestOnly } from "../api.js";
import { componentBars, scoreBar } from "../charts.js";
import { openButton } from "../docpanel.js";
import { field, fmtNumber, h, replace } from "../dom.js";
import { applyI18n, getLang, t } from "../i18n.js";
import { hrefFor, replaceParams } from "../router.js";
import { snippet } from "../text.js";
import { STRATEGIC, fillRegionSelect, fillSchemeSelect, industryName, regionName, statRows, statusLine, withLoading } from "../ui.js";

let els = {};
let state = { scheme: "strategic", policy: "", industry: "", region: "", min_score: "0", page: 1, page_size: 20 };
let last = null;
const expanded = new Set();
const latest = latestOnly();

export function mount(section) {
  const scheme = h("select", { id: "matches-scheme", name: "scheme" });
  const region = h("select", { id: "matches-region", name: "region" });
  const industry = h("input", { type: "text", id: "matches-industry", name: "industry", list: "matches-industry-list", autocomplete: "off", size: "10" });
  const industryList = h("datalist", { id: "matches-industry-list" });
  const policy = h("input", { type: "text", id: "matches-policy", name: "policy", "data-i18n-placeholder": "matches.policyPh" });
  const minScore = h("input", { type: "number", id: "matches-min", name: "min_score", min: "0", max: "1", step: "0.05", value: "0" });
  const pageSize = h("select", { id: "matches-pagesize", name: "page_size" }, [10, 20, 50, 100].map((n) => h("option", { value: String(n) }, String(n))));
  const csv = h("a", { class: "button secondary", id: "matches-csv", href: "#", download: "policykg-matches.csv", "data-i18n": "matches.csv" });
  const form = h(
    "form",
    { class: "card filters", id: "matches-form", "aria-labelledby": "h-matches" },
    field("common.scheme", scheme),
    field("common.region", region),
    field("common.industry", industry),
    industryList,
    field("matches.policy", policy, { grow: true }),
    field("matches.minScore", minScore),
    field("matches.pageSize", pageSize),
    h("button", { type: "submit", id: "matches-apply", "data-i18n": "common.apply" }),
    csv,
  );
  const summary = h("p", { class: "muted small", id: "matches-summary", "aria-live": "polite" });
  const results = h("div", { id: "matches-results", "aria-live": "polite" });
  replace(
    section,
    h("div", { class: "view-head" }, h("h1", { id: "h-matches", "data-i18n": "matches.title" }), h("p", { "data-i18n": "matches.intro" })),
    form,
    summary,
    results,
  );
  els = { form, scheme, region, industry, industryList, policy, minScore, pageSize, csv, summary, results };
  fillSelects();
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    readForm();
    state.page = 1;
    load();
  });
  applyI18n(section);
}

function fillSelects() {
  fillSchemeSelect(els.scheme, state.scheme);
  fillRegionSelect(els.region, state.region, { any: true });
  replace(els.industryList, STRATEGIC.map((x) => h("option", { value: x.code }, x[getLang()])));
}

function readForm() {
  state = {
    ...state,
    scheme: els.scheme.value || "strategic",
    region: els.region.value,
    industry: els.industry.value.trim(),
    policy: els.policy.value.trim(),
    min_score: els.minScore.value || "0",
    page_size: Number(els.pageSize.value) || 20,
  };
}

function writeForm() {
  els.scheme.value = state.scheme;
  els.region.value = state.region;
  els.industry.value = state.industry;
  els.policy.value = state.policy;
  els.minScore.value = state.min_score;
  els.pageSize.value = String(state.page_size);
}

function params() {
  return {
    scheme: state.scheme,
    policy: state.policy,
    industry: state.industry,
    region: state.region,
    min_score: state.min_score,
    page: state.page,
    page_size: state.page_size,
  };
}

export function show(p) {
  const next = { ...state };
  for (const key of ["scheme", "policy", "industry", "region", "min_score"]) {
    if (p.has(key)) next[key] = p.get(key);
  }
  if (p.has("page")) next.page = Math.max(1, Number(p.get("page")) || 1);
  if (p.has("page_size")) next.page_size = Number(p.get("page_size")) || 20;
  const changed = JSON.stringify(next) !== JSON.stringify(state);
  state = next;
  writeForm();
  if (changed || !last) load();
}

export function relabel() {
  fillSelects();
  writeForm();
  if (last) render(last);
}

async function load() {
  const query = params();
  replaceParams("matches", { ...query, min_score: Number(query.min_score) ? query.min_score : null, page: query.page > 1 ? query.page : null, page_size: query.page_size !== 20 ? query.page_size : null, scheme: query.scheme !== "strategic" ? query.scheme : null });
  els.csv.href = api.matchesCsvUrl(query);
  const data = await withLoading(els.results, () => latest((signal) => api.matches(query, { signal })));
  if (data === undefined) return;
  last = data;
  expanded.clear();
  render(data);
}

function compLabel(name) {
  const key = `comp.${name}`;
  const text = t(key);
  return text === key ? name : text;
}

function render(data) {
  const items = data.items || [];
  const total = data.total ?? items.length;
  const page = data.page ?? state.page;
  const size = data.page_size ?? state.page_size;
  const pages = Math.max(1, Math.ceil(total / size));
  els.summary.textContent = t("matches.summary", { total, page, pages });
  if (!items.length) {
    replace(els.results, statusLine("matches.none"));
    return;
  }
  const rows = [];
  items.forEach((it, i) => {
    const key = `${it.policy}|${it.industry}|${i}`;
    const open = expanded.has(key);
    const detailId = `match-detail-${i}`;
    const toggle = h(
      "button",
      {
        type: "button",
        class: "secondary expand-toggle",
        "aria-expanded": open ? "true" : "false",
        "aria-controls": detailId,
        "aria-label": t("matches.toggle", { policy: it.policy_title || it.policy_id, industry: industryLabel(it) }),
      },
      open ? "▾" : "▸",
      " ",
      t("matches.evidence"),
    );
    toggle.addEventListener("click", () => {
      if (expanded.has(key)) expanded.delete(key);
      else expanded.add(key);
      render(last);
      const again = els.results.querySelector(`[aria-controls="${detailId}"]`);
      if (again) again.focus();
    });
    rows.push(
      h(
        "tr",
        { class: open ? "expanded" : "" },
        h("td", { class: "num" }, String(it.rank ?? (page - 1) * size + i + 1)),
        h(
          "td",
          {},
          h("div", {}, h("strong", {}, it.policy_title || it.policy_id), " ", it.is_programme ? h("span", { class: "badge" }, t("kind.programme")) : null),
          h("div", { class: "muted small" }, [it.policy_year, it.policy_id].filter(Boolean).join(" · ")),
        ),
        h(
          "td",
          {},
          h("a", { href: hrefFor("graph", { node: it.industry }), title: it.industry }, industryLabel(it)),
          h("div", { class: "muted small mono" }, it.industry_code || ""),
        ),
        h("td", {}, scoreBar(it.score)),
        h("td", {}, componentBars(it.components, compLabel)),
        h("td", {}, toggle),
      ),
    );
    if (open) rows.push(h("tr", { class: "detail-row", id: detailId }, h("td", { colspan: "6" }, detail(it))));
  });
  const table = h(
    "table",
    { class: "matches-table" },
    h("caption", { class: "visually-hidden" }, t("matches.caption")),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, t("matches.rank")),
        h("th", { scope: "col" }, t("matches.policy")),
        h("th", { scope: "col" }, t("common.industry")),
        h("th", { scope: "col" }, t("common.score")),
        h("th", { scope: "col" }, t("matches.components")),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("common.actions"))),
      ),
    ),
    h("tbody", {}, rows),
  );
  const prev = h("button", { type: "button", class: "secondary", id: "matches-prev", disabled: page <= 1, onclick: () => goto(page - 1) }, `← ${t("common.prev")}`);
  const next = h("button", { type: "button", class: "secondary", id: "matches-next", disabled: page >= pages, onclick: () => goto(page + 1) }, `${t("common.next")} →`);
  replace(
    els.results,
    h("div", { class: "card" }, h("div", { class: "table-wrap" }, table), h("nav", { class: "pager", "aria-label": t("common.pagination") }, prev, h("span", {}, t("matches.pageOf", { page, pages })), next)),
  );
}

function goto(page) {
  state.page = page;
  load();
}

function detail(it) {
  const evidence = it.evidence || [];
  const paths = it.paths || [];
  const regional = it.regional;
  return h(
    "div",
    { class: "grid-2" },
    h(
      "div",
      {},
      h("h3", {}, t("matches.evidencePassages", { n: evidence.length })),
      evidence.length
        ? h(
            "ul",
            { class: "evidence-list" },
            evidence.map((ev) =>
              h(
                "li",
                {},
                h("p", { class: "snippet" }, snippet(ev.text, 400)),
                h(
                  "div",
                  { class: "controls small" },
                  h("span", { class: "muted" }, [ev.doc_id, ev.page ? `${t("common.page")} ${ev.page}` : null, ev.similarity !== undefined && ev.similarity !== null ? `${t("matches.similarity")} ${fmtNumber(ev.similarity, 2)}` : null].filter(Boolean).join(" · ")),
                  openButton(ev.doc_id || it.policy_id, { passage: ev.passage, start: ev.start, end: ev.end, text: ev.text }),
                ),
              ),
            ),
          )
        : h("p", { class: "muted" }, t("matches.noEvidence")),
    ),
    h(
      "div",
      {},
      h("h3", {}, t("matches.paths", { n: paths.length })),
      paths.length ? paths.map((p) => pathChain(p)) : h("p", { class: "muted" }, t("matches.noPaths")),
      regional
        ? h(
            "div",
            {},
            h("h3", { style: "margin-top:0.8rem" }, t("matches.regional", { region: state.region ? regionName(state.region) : "" })),
            h(
              "dl",
              { class: "kv" },
              statRows(regional).flatMap(([k, v]) => [h("dt", {}, k), h("dd", { class: "num", style: "text-align:left" }, v)]),
            ),
          )
        : null,
    ),
  );
}

function industryLabel(it) {
  return (it.scheme || state.scheme) === "strategic" ? industryName(it.industry_code, it.industry_label) : it.industry_label || it.industry_code;
}

/** A graph path: each step's relation is the edge that leads into it from the step before. */
function pathChain(path) {
  const steps = Array.isArray(path) ? path : [];
  const parts = [];
  steps.forEach((step, i) => {
    if (i > 0) parts.push(h("span", { class: "path-rel" }, step.relation ? `—${step.relation}→` : "→"));
    parts.push(h("a", { class: "chip", href: hrefFor("graph", { node: step.node }), title: step.node }, step.label || step.node));
  });
  return h("div", { class: "path-chain" }, parts);
}
