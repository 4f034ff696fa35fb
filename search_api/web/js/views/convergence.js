// Convergence: heatmap (industry × industry) of candidate scores from GET /convergence; a cell
// shows the candidates for that pair with their evidence.

import { api } from "../api.js";
import { componentBars, heatColor, heatmap, scoreBar } from "../charts.js";
import { openButton } from "../docpanel.js";
import { field, fmtNumber, h, replace } from "../dom.js";
import { applyI18n, t } from "../i18n.js";
import { hrefFor, replaceParams } from "../router.js";
import { STRATEGIC, adoptRegionScheme, candidateSubtitle, candidateTitle, entityChip, fillRegionSelect, fillSchemeSelect, industryName, regionName, statusLine, withLoading } from "../ui.js";

let els = {};
let state = { region: "24", scheme: "strategic", top: 20 };
let data = null;
let selection = null; // [codeA, codeB] or {index}

export function mount(section) {
  const region = h("select", { id: "conv-region" });
  const scheme = h("select", { id: "conv-scheme" });
  const top = h("input", { type: "number", id: "conv-top", min: "1", max: "100", value: String(state.top) });
  const chart = h("div", { id: "conv-heatmap", "aria-live": "polite" });
  const list = h("div", { id: "conv-list" });
  const detail = h("div", { id: "conv-detail", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card filters", id: "conv-form", "aria-labelledby": "h-convergence" },
    field("common.region", region),
    field("common.scheme", scheme),
    field("convergence.top", top),
    h("button", { type: "submit", "data-i18n": "common.apply" }),
  );
  replace(
    section,
    h("div", { class: "view-head" }, h("h1", { id: "h-convergence", "data-i18n": "convergence.title" }), h("p", { "data-i18n": "convergence.intro" })),
    form,
    h(
      "div",
      { class: "grid-2" },
      h(
        "section",
        { class: "card", "aria-labelledby": "conv-heat-h" },
        h("h2", { id: "conv-heat-h", "data-i18n": "convergence.heatmap" }),
        h("p", { class: "muted small", "data-i18n": "convergence.heatHint" }),
        chart,
        h("h3", { style: "margin-top:1rem", "data-i18n": "convergence.ranked" }),
        list,
      ),
      h("section", { class: "card", "aria-labelledby": "conv-detail-h" }, h("h2", { id: "conv-detail-h", "data-i18n": "convergence.evidence" }), detail),
    ),
  );
  els = { region, scheme, top, chart, list, detail };
  fillRegionSelect(region, state.region);
  fillSchemeSelect(scheme, state.scheme);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    state = { region: region.value, scheme: scheme.value, top: Number(top.value) || 20 };
    load();
  });
  region.addEventListener("change", () => form.requestSubmit());
  scheme.addEventListener("change", () => form.requestSubmit());
  applyI18n(section);
  replace(detail, h("p", { class: "muted" }, t("convergence.pick")));
}

export function show(params) {
  const changed = adoptRegionScheme(state, els, params.get("region"), params.get("scheme"));
  if (changed || !data) load();
}

export function relabel() {
  fillRegionSelect(els.region, state.region);
  fillSchemeSelect(els.scheme, state.scheme);
  render();
  if (!selection) replace(els.detail, h("p", { class: "muted" }, t("convergence.pick")));
}

async function load() {
  replaceParams("convergence", { region: state.region, scheme: state.scheme !== "strategic" ? state.scheme : null });
  selection = null;
  replace(els.detail, h("p", { class: "muted" }, t("convergence.pick")));
  const region = state.region;
  const res = await withLoading(els.chart, () => api.convergence({ region, scheme: state.scheme, top: state.top }));
  if (res === undefined || region !== state.region) return;
  data = res;
  render();
}

function indName(x) {
  return state.scheme === "strategic" ? industryName(x.code, x.label) : x.label || x.code;
}

function axis() {
  const seen = new Map();
  for (const c of data?.items || []) {
    for (const x of c.industries || []) if (!seen.has(x.code)) seen.set(x.code, x);
  }
  // Strategic industries in their usual order (OPT, IAP, AUT, DES, REN, AI), others by code.
  const order = (code) => {
    const i = STRATEGIC.findIndex((x) => x.code === code);
    return i < 0 ? STRATEGIC.length : i;
  };
  return [...seen.values()].sort((a, b) => order(a.code) - order(b.code) || String(a.code).localeCompare(String(b.code)));
}

function candidatesFor(a, b) {
  return (data?.items || []).filter((c) => {
    const codes = (c.industries || []).map((x) => x.code);
    return a === b ? codes.length === 1 && codes[0] === a : codes.includes(a) && codes.includes(b);
  });
}

function render() {
  if (!data) return;
  const items = data.items || [];
  if (!items.length) {
    replace(els.chart, statusLine("convergence.none"));
    replace(els.list);
    return;
  }
  const labels = axis();
  const best = (i, j) => {
    if (i === j) {
      const own = candidatesFor(labels[i].code, labels[i].code);
      return own.length ? Math.max(...own.map((c) => c.score)) : null;
    }
    const cands = candidatesFor(labels[i].code, labels[j].code);
    return cands.length ? Math.max(...cands.map((c) => Number(c.score) || 0)) : null;
  };
  const { svg, lo, hi } = heatmap(
    labels.map((x) => ({ code: x.code, label: `${indName(x)} (${x.code})`, short: shorten(indName(x)) })),
    best,
    (i, j) => selectPair(labels[i].code, labels[j].code),
    {
      title: t("convergence.heatmapLabel", { region: regionName(state.region) }),
      cellLabel: (i, j, v) => t("convergence.cellLabel", { a: indName(labels[i]), b: indName(labels[j]), score: fmtNumber(v, 2) }),
    },
  );
  replace(
    els.chart,
    svg,
    h(
      "div",
      { class: "legend-scale" },
      h("span", {}, fmtNumber(lo, 2)),
      h("span", { class: "legend-gradient", style: `background:linear-gradient(90deg, ${heatColor(0.15)}, ${heatColor(1)})` }),
      h("span", {}, fmtNumber(hi, 2)),
      h("span", {}, t("convergence.scoreScale")),
    ),
  );
  replace(
    els.list,
    h(
      "ol",
      { class: "candidate-list" },
      items.map((c, idx) =>
        h(
          "li",
          {},
          h(
            "div",
            { style: "flex:1;min-width:10rem" },
            h("button", { type: "button", class: "link", onclick: () => selectIndex(idx) }, candidateTitle(c, state.scheme)),
            h("div", { class: "muted small" }, candidateSubtitle(c)),
          ),
          h("div", { style: "width:9rem" }, scoreBar(c.score)),
        ),
      ),
    ),
  );
  if (selection) renderDetail();
}

function shorten(text) {
  const s = String(text);
  return s.length > 12 ? `${s.slice(0, 11)}…` : s;
}

function selectPair(a, b) {
  selection = { pair: [a, b] };
  renderDetail();
}

function selectIndex(idx) {
  selection = { index: idx };
  renderDetail();
  els.detail.closest("section")?.scrollIntoView({ block: "nearest" });
}

function renderDetail() {
  const cands = selection.pair ? candidatesFor(selection.pair[0], selection.pair[1]) : [data.items[selection.index]].filter(Boolean);
  if (!cands.length) {
    replace(els.detail, statusLine("convergence.noneForCell"));
    return;
  }
  replace(els.detail, cands.map(candidateCard));
  const heading = els.detail.querySelector("h3");
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

function compLabel(name) {
  const key = `comp.${name}`;
  return t(key) === key ? name : t(key);
}

function section(titleKey, list, render, { inline = false } = {}) {
  if (!list?.length) return null;
  const body = inline ? h("div", { class: "chips" }, list.map(render)) : h("ul", { class: "evidence-list" }, list.map((x) => h("li", {}, render(x))));
  return h("div", { class: "link-group" }, h("h4", {}, `${t(titleKey)} (${list.length})`), body);
}

function candidateCard(c) {
  return h(
    "article",
    { class: "candidate" },
    h("h3", {}, candidateTitle(c, state.scheme)),
    c.name ? h("p", { class: "muted small" }, c.name) : null,
    h("div", { style: "max-width:16rem" }, scoreBar(c.score)),
    h("div", { style: "margin:0.5rem 0" }, componentBars(c.components, compLabel)),
    h(
      "div",
      { class: "chips" },
      (c.industries || []).map((x) =>
        h(
          "a",
          { class: "chip", href: hrefFor("matches", { industry: x.code, region: state.region, scheme: state.scheme !== "strategic" ? state.scheme : null }), title: x.iri },
          `${indName(x)} · LQ ${fmtNumber(x.lq, 2)}`,
        ),
      ),
    ),
    section("convergence.technologies", c.shared_technologies, (x) => entityChip(x.iri, x.label, "technology"), { inline: true }),
    section("convergence.policies", c.policies, (x) => h("div", { class: "controls small" }, h("span", { style: "flex:1" }, x.title || x.doc_id), x.score !== undefined ? h("span", { class: "muted num" }, fmtNumber(x.score, 2)) : null, openButton(x.doc_id, null))),
    section("convergence.growthEngines", c.growth_engines, (x) => h("span", {}, entityChip(x.iri, x.label, "growth_engine"), x.score !== undefined ? h("span", { class: "muted small" }, ` ${fmtNumber(x.score, 2)}`) : null), { inline: true }),
    section("convergence.organisations", c.organisations, (x) => entityChip(x.iri, x.region ? `${x.label} · ${regionName(x.region)}` : x.label, "organisation"), { inline: true }),
    section("convergence.programmes", c.programmes, (x) => h("div", { class: "controls small" }, h("span", { style: "flex:1" }, x.title || x.doc_id, x.year ? ` (${x.year})` : ""), x.score !== undefined ? h("span", { class: "muted num" }, fmtNumber(x.score, 2)) : null, openButton(x.doc_id, null))),
  );
}
