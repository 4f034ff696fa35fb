// Region dashboard: location quotients by industry (SVG bars), growth and shift-share table,
// convergence candidates, programmes to bid for, and joint business with a neighbouring region.

import { api } from "../api.js";
import { barChart, scoreBar } from "../charts.js";
import { openButton } from "../docpanel.js";
import { field, fmtInt, fmtNumber, fmtPercent, fmtSigned, h, replace } from "../dom.js";
import { applyI18n, t } from "../i18n.js";
import { hrefFor, replaceParams } from "../router.js";
import {
  adoptRegionScheme,
  candidateSubtitle,
  candidateTitle,
  fillIndustrySelect,
  fillRegionSelect,
  fillSchemeSelect,
  industryName,
  regionName,
  statusLine,
  withLoading,
} from "../ui.js";

let els = {};
let state = { region: "24", scheme: "strategic", measure: "lq_employees", industry: "", partner: "36" };
let profile = null;
let convergence = null;
let programmes = null;
let joint = null;

export function mount(section) {
  const region = h("select", { id: "region-code" });
  const scheme = h("select", { id: "region-scheme" });
  const measureEmp = h("input", { type: "radio", name: "region-measure", id: "region-measure-emp", value: "lq_employees", checked: true });
  const measureEst = h("input", { type: "radio", name: "region-measure", id: "region-measure-est", value: "lq_establishments" });
  const industry = h("select", { id: "region-industry" });
  const partner = h("select", { id: "region-partner" });
  const chart = h("div", { id: "region-chart", "aria-live": "polite" });
  const table = h("div", { id: "region-table", class: "table-wrap" });
  const conv = h("div", { id: "region-convergence", "aria-live": "polite" });
  const prog = h("div", { id: "region-programmes", "aria-live": "polite" });
  const jointBox = h("div", { id: "region-joint", "aria-live": "polite" });

  replace(
    section,
    h("div", { class: "view-head" }, h("h1", { id: "h-region", "data-i18n": "region.title" }), h("p", { "data-i18n": "region.intro" })),
    h(
      "form",
      { class: "card filters", id: "region-form", "aria-labelledby": "h-region" },
      field("common.region", region),
      field("common.scheme", scheme),
      h(
        "fieldset",
        {},
        h("legend", { "data-i18n": "region.measure" }),
        h(
          "div",
          { class: "radio-row" },
          h("label", { for: "region-measure-emp" }, measureEmp, h("span", { "data-i18n": "stat.lq_employees" })),
          h("label", { for: "region-measure-est" }, measureEst, h("span", { "data-i18n": "stat.lq_establishments" })),
        ),
      ),
    ),
    h(
      "div",
      { class: "grid-2" },
      h("section", { class: "card", "aria-labelledby": "region-chart-h" }, h("h2", { id: "region-chart-h" }), chart),
      h("section", { class: "card", "aria-labelledby": "region-conv-h" }, h("h2", { id: "region-conv-h", "data-i18n": "region.convergence" }), conv),
    ),
    h("section", { class: "card", style: "margin-top:1rem", "aria-labelledby": "region-table-h" }, h("h2", { id: "region-table-h", "data-i18n": "region.tableTitle" }), table),
    h(
      "div",
      { class: "grid-2" },
      h(
        "section",
        { class: "card", "aria-labelledby": "region-prog-h" },
        h("h2", { id: "region-prog-h", "data-i18n": "region.programmes" }),
        h("div", { class: "controls" }, field("common.industry", industry)),
        prog,
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "region-joint-h" },
        h("h2", { id: "region-joint-h", "data-i18n": "region.joint" }),
        h("div", { class: "controls" }, field("region.partner", partner)),
        jointBox,
      ),
    ),
  );
  els = { region, scheme, measureEmp, measureEst, industry, partner, chart, table, conv, prog, jointBox };
  fillRegionSelect(region, state.region);
  fillSchemeSelect(scheme, state.scheme);
  fillIndustrySelect(industry, state.industry, { any: false });
  fillRegionSelect(partner, state.partner);
  region.addEventListener("change", () => {
    state.region = region.value;
    if (state.partner === state.region) {
      state.partner = state.region === "24" ? "36" : "24";
      partner.value = state.partner;
    }
    loadAll();
  });
  scheme.addEventListener("change", () => {
    state.scheme = scheme.value;
    state.industry = "";
    loadAll();
  });
  for (const radio of [measureEmp, measureEst]) {
    radio.addEventListener("change", () => {
      state.measure = measureEst.checked ? "lq_establishments" : "lq_employees";
      renderProfile();
    });
  }
  industry.addEventListener("change", () => {
    state.industry = industry.value;
    loadProgrammes();
  });
  partner.addEventListener("change", () => {
    state.partner = partner.value;
    loadJoint();
  });
  section.querySelector("#region-form").addEventListener("submit", (ev) => ev.preventDefault());
  applyI18n(section);
}

export function show(params) {
  const code = params.get("region") || params.get("code");
  const changed = adoptRegionScheme(state, els, code, params.get("scheme"));
  if (changed || !profile) loadAll();
}

export function relabel() {
  fillRegionSelect(els.region, state.region);
  fillSchemeSelect(els.scheme, state.scheme);
  fillRegionSelect(els.partner, state.partner);
  fillIndustrySelect(els.industry, state.industry, { any: false, industries: industryOptions() });
  renderProfile();
  renderConvergence();
  renderProgrammes();
  renderJoint();
}

function industryOptions() {
  if (!profile?.industries?.length) return null;
  return profile.industries.map((x) => ({ code: x.code, label: state.scheme === "strategic" ? industryName(x.code, x.label) : x.label }));
}

async function loadAll() {
  if (state.partner === state.region) {
    state.partner = state.region === "24" ? "36" : "24";
    els.partner.value = state.partner;
  }
  replaceParams("region", { region: state.region, scheme: state.scheme !== "strategic" ? state.scheme : null });
  await Promise.all([loadProfile(), loadConvergence(), loadJoint()]);
}

async function loadProfile() {
  const region = state.region;
  profile = null;
  replace(els.table);
  const data = await withLoading(els.chart, () => api.regionProfile(region, state.scheme));
  if (data === undefined || region !== state.region) return;
  profile = data;
  // Programmes are asked for one industry: keep the choice, else the region's most specialised.
  const options = industryOptions() || [];
  if (!options.some((x) => x.code === state.industry)) state.industry = options[0]?.code || "OPT";
  fillIndustrySelect(els.industry, state.industry, { any: false, industries: industryOptions() });
  renderProfile();
  loadProgrammes();
}

function renderProfile() {
  const title = document.getElementById("region-chart-h");
  const known = regionName(state.region);
  const label = known !== String(state.region) ? known : profile?.region?.label || known;
  title.textContent = t("region.chartTitle", { region: label, measure: t(`stat.${state.measure}`) });
  if (!profile) return;
  const inds = profile.industries || [];
  if (!inds.length) {
    replace(els.chart, statusLine("region.noData"));
    replace(els.table);
    return;
  }
  const rows = inds.map((x) => {
    const name = state.scheme === "strategic" ? industryName(x.code, x.label) : x.label || x.code;
    return { label: name.length > 22 ? `${name.slice(0, 21)}…` : name, value: x[state.measure], title: `${name} (${x.code}): ${fmtNumber(x[state.measure], 2)}` };
  });
  replace(
    els.chart,
    barChart(rows, { title: title.textContent, refValue: 1, refLabel: t("region.national"), highlightAbove: 1 }),
    h("p", { class: "muted small" }, t("region.lqNote")),
  );
  const cols = [
    ["common.industry", (x) => h("span", {}, state.scheme === "strategic" ? industryName(x.code, x.label) : x.label, " ", h("span", { class: "muted small mono" }, x.code))],
    ["stat.employees", (x) => fmtInt(x.employees), true],
    ["stat.establishments", (x) => fmtInt(x.establishments), true],
    ["stat.lq_employees", (x) => fmtNumber(x.lq_employees, 2), true],
    ["stat.lq_establishments", (x) => fmtNumber(x.lq_establishments, 2), true],
    ["stat.growth", (x) => signed(x.growth, fmtPercent(x.growth)), true],
    ["stat.shift_national", (x) => signed(x.shift_national, fmtSigned(x.shift_national)), true],
    ["stat.shift_industry_mix", (x) => signed(x.shift_industry_mix, fmtSigned(x.shift_industry_mix)), true],
    ["stat.shift_regional", (x) => signed(x.shift_regional, fmtSigned(x.shift_regional)), true],
    ["common.actions", (x) => h("a", { href: hrefFor("matches", { industry: x.code, region: state.region, scheme: state.scheme !== "strategic" ? state.scheme : null }) }, t("region.toMatches")), false],
  ];
  replace(
    els.table,
    h(
      "table",
      { id: "region-shift-table" },
      h("caption", {}, t("region.tableCaption")),
      h("thead", {}, h("tr", {}, cols.map(([key, , num]) => h("th", { scope: "col", class: num ? "num" : "" }, t(key))))),
      h("tbody", {}, inds.map((x) => h("tr", {}, cols.map(([, fn, num]) => h("td", { class: num ? "num" : "" }, fn(x)))))),
    ),
  );
}

function signed(value, text) {
  const n = Number(value);
  return h("span", { class: n > 0 ? "pos" : n < 0 ? "neg" : "" }, text);
}

async function loadConvergence() {
  const region = state.region;
  convergence = null;
  const data = await withLoading(els.conv, () => api.convergence({ region, scheme: state.scheme, top: 5 }));
  if (data === undefined || region !== state.region) return;
  convergence = data;
  renderConvergence();
}

function renderConvergence() {
  if (!convergence) return;
  const items = convergence.items || [];
  if (!items.length) {
    replace(els.conv, statusLine("convergence.none"));
    return;
  }
  replace(
    els.conv,
    h(
      "ol",
      { class: "candidate-list" },
      items.map((c) =>
        h(
          "li",
          {},
          h(
            "div",
            { style: "flex:1;min-width:12rem" },
            h("strong", {}, candidateTitle(c, state.scheme)),
            h("div", { class: "small" }, candidateSubtitle(c)),
            h("div", { class: "muted small" }, (c.industries || []).map((x) => `${x.code} LQ ${fmtNumber(x.lq, 2)}`).join(" · ")),
          ),
          h("div", { style: "width:9rem" }, scoreBar(c.score)),
        ),
      ),
    ),
    h("p", {}, h("a", { href: hrefFor("convergence", { region: state.region, scheme: state.scheme !== "strategic" ? state.scheme : null }) }, t("region.toConvergence"))),
  );
}

async function loadProgrammes() {
  const region = state.region;
  const industry = state.industry;
  const data = await withLoading(els.prog, () => api.programmes({ region, industry, scheme: state.scheme, top: 10 }));
  if (data === undefined || region !== state.region || industry !== state.industry) return;
  programmes = data;
  renderProgrammes();
}

function renderProgrammes() {
  if (!programmes) return;
  const items = programmes.items || [];
  if (!items.length) {
    replace(els.prog, statusLine("region.noProgrammes"));
    return;
  }
  replace(
    els.prog,
    h(
      "ol",
      { class: "candidate-list" },
      items.map((p) =>
        h(
          "li",
          {},
          h("div", { style: "flex:1;min-width:12rem" }, h("strong", {}, p.title || p.doc_id), " ", p.is_programme ? h("span", { class: "badge" }, t("kind.programme")) : null, h("div", { class: "muted small" }, [p.year, p.doc_id].filter(Boolean).join(" · "))),
          h("div", { style: "width:8rem" }, scoreBar(p.score)),
          openButton(p.doc_id, null),
        ),
      ),
    ),
  );
}

async function loadJoint() {
  const regions = `${state.region},${state.partner}`;
  if (state.region === state.partner) {
    replace(els.jointBox, statusLine("region.samePartner"));
    return;
  }
  const data = await withLoading(els.jointBox, () => api.jointBusiness({ regions, scheme: state.scheme, top: 8 }));
  if (data === undefined || regions !== `${state.region},${state.partner}`) return;
  joint = data;
  renderJoint();
}

function renderJoint() {
  if (!joint) return;
  const items = joint.items || [];
  if (!items.length) {
    replace(els.jointBox, statusLine("region.noJoint"));
    return;
  }
  replace(
    els.jointBox,
    h(
      "ol",
      { class: "candidate-list" },
      items.map((j) =>
        h(
          "li",
          {},
          h(
            "div",
            { style: "flex:1;min-width:12rem" },
            h("strong", {}, (j.industries || []).map((x) => (state.scheme === "strategic" ? industryName(x.code, x.label) : x.label || x.code)).join(" + ")),
            " ",
            h("span", { class: "badge" }, t(`joint.${j.kind}`) === `joint.${j.kind}` ? j.kind : t(`joint.${j.kind}`)),
            j.lq ? h("div", { class: "muted small" }, lqText(j.lq)) : null,
            j.evidence ? h("div", { class: "small" }, typeof j.evidence === "string" ? j.evidence : JSON.stringify(j.evidence)) : null,
          ),
          h("div", { style: "width:8rem" }, scoreBar(j.score)),
        ),
      ),
    ),
  );
}

/** Location quotients keyed "24:OPT" (region:industry) or by region code. */
function lqText(lq) {
  if (typeof lq !== "object") return String(lq);
  return Object.entries(lq)
    .map(([k, v]) => {
      const [reg, ind] = k.includes(":") ? k.split(":") : [k, null];
      const who = /^\d+$/.test(reg) ? regionName(reg) : reg;
      const what = ind ? ` ${state.scheme === "strategic" ? industryName(ind) : ind}` : "";
      if (v && typeof v === "object") return `${who}${what}: ${Object.entries(v).map(([a, b]) => `${a} ${fmtNumber(b, 2)}`).join(", ")}`;
      return `${who}${what} LQ ${fmtNumber(v, 2)}`;
    })
    .join(" · ");
}
