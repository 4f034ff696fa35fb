// Shared bits of interface: error boxes, loading state, kind chips, labels, select options.

import { fmtInt, fmtNumber, fmtPercent, fmtSigned, h, replace } from "./dom.js";
import { getLang, t } from "./i18n.js";
import { kindSwatch } from "./kinds.js";
import { hrefFor } from "./router.js";

export function errorBox(err) {
  if (err?.name === "AbortError") return null;
  const title = err?.title || t("error.generic");
  const detail = err?.detail || (err?.title ? "" : err?.message || "");
  let hint = "";
  if (err?.status === 404 && !err?.problem) hint = t("error.missingEndpoint");
  if (err?.status === 0) hint = t("error.network");
  return h(
    "div",
    { class: "error", role: "alert" },
    h("strong", {}, title),
    detail ? ` — ${detail}` : "",
    hint ? h("div", { class: "small" }, hint) : null,
  );
}

export function showError(container, err) {
  const box = errorBox(err);
  if (box) replace(container, box);
}

export function statusLine(key, vars, cls = "") {
  return h("p", { class: `status ${cls}`.trim(), role: "status" }, t(key, vars));
}

/** Run `fn` with the container marked busy and a loading message; errors shown in place. */
export async function withLoading(container, fn, { message = "common.loading" } = {}) {
  container.setAttribute("aria-busy", "true");
  const hadContent = container.childElementCount > 0;
  if (!hadContent) replace(container, statusLine(message, null, "loading"));
  try {
    return await fn();
  } catch (err) {
    showError(container, err);
    return undefined;
  } finally {
    container.removeAttribute("aria-busy");
  }
}

export function kindLabel(kind) {
  const key = `kind.${kind}`;
  const text = t(key);
  return text === key ? String(kind || "").replace(/_/g, " ") : text;
}

export function kindBadge(kind) {
  return h("span", { class: "badge", title: kindLabel(kind) }, kindSwatch(kind, 11), " ", kindLabel(kind));
}

/** A chip linking to the graph explorer focused on an entity. */
export function entityChip(iri, label, kind) {
  return h(
    "a",
    {
      class: "chip",
      href: hrefFor("graph", { node: iri }),
      title: `${kindLabel(kind)} · ${iri}`,
    },
    kindSwatch(kind, 12),
    label || iri,
  );
}

/** Pick the label in the interface language from {en, ko} when there is one. */
export function preferredLabel(labels, fallback) {
  if (!labels) return fallback;
  return labels[getLang()] || fallback || labels.ko || labels.en;
}

export const REGIONS = [
  { code: "24", ko: "광주광역시", en: "Gwangju" },
  { code: "36", ko: "전라남도", en: "Jeollanam-do" },
  { code: "35", ko: "전북특별자치도", en: "Jeollabuk-do" },
];
export const OTHER_REGIONS = [
  { code: "11", ko: "서울특별시", en: "Seoul" },
  { code: "21", ko: "부산광역시", en: "Busan" },
  { code: "22", ko: "대구광역시", en: "Daegu" },
  { code: "23", ko: "인천광역시", en: "Incheon" },
  { code: "25", ko: "대전광역시", en: "Daejeon" },
  { code: "26", ko: "울산광역시", en: "Ulsan" },
  { code: "29", ko: "세종특별자치시", en: "Sejong" },
  { code: "31", ko: "경기도", en: "Gyeonggi-do" },
  { code: "32", ko: "강원특별자치도", en: "Gangwon" },
  { code: "33", ko: "충청북도", en: "Chungcheongbuk-do" },
  { code: "34", ko: "충청남도", en: "Chungcheongnam-do" },
  { code: "37", ko: "경상북도", en: "Gyeongsangbuk-do" },
  { code: "38", ko: "경상남도", en: "Gyeongsangnam-do" },
  { code: "39", ko: "제주특별자치도", en: "Jeju" },
];

export const STRATEGIC = [
  { code: "OPT", ko: "광산업", en: "Optical and photonics" },
  { code: "IAP", ko: "정보가전", en: "Information appliances" },
  { code: "AUT", ko: "자동차산업", en: "Automobile" },
  { code: "DES", ko: "디자인산업", en: "Design" },
  { code: "REN", ko: "신재생에너지", en: "Renewable energy" },
  { code: "AI", ko: "인공지능산업", en: "Artificial intelligence" },
];

export const SCHEMES = ["strategic", "ksic", "nge2009"];

export function regionName(code) {
  const r = [...REGIONS, ...OTHER_REGIONS].find((x) => x.code === String(code));
  return r ? r[getLang()] : String(code);
}

export function industryName(code, fallback) {
  const ind = STRATEGIC.find((x) => x.code === code);
  return ind ? ind[getLang()] : fallback || code;
}

/** Fill a <select> with regions (Honam first), keeping `value` selected. */
export function fillRegionSelect(select, value, { any = false, others = true } = {}) {
  const keep = value ?? select.value;
  replace(select);
  if (any) select.append(h("option", { value: "" }, t("common.any")));
  const honam = h("optgroup", { label: t("region.honam") });
  for (const r of REGIONS) honam.append(h("option", { value: r.code }, `${r[getLang()]} (${r.code})`));
  select.append(honam);
  if (others) {
    const rest = h("optgroup", { label: t("region.others") });
    for (const r of OTHER_REGIONS) rest.append(h("option", { value: r.code }, `${r[getLang()]} (${r.code})`));
    select.append(rest);
  }
  select.value = keep ?? "";
  if (select.value !== (keep ?? "")) select.selectedIndex = 0;
}

// Adopt ?region= and ?scheme= from the URL into a view's state and its two selects; true when
// either changed (the view then reloads).
export function adoptRegionScheme(state, els, region, scheme) {
  let changed = false;
  if (region && region !== state.region) {
    state.region = region;
    changed = true;
  }
  if (scheme && scheme !== state.scheme) {
    state.scheme = scheme;
    changed = true;
  }
  els.region.value = state.region;
  els.scheme.value = state.scheme;
  return changed;
}

export function fillSchemeSelect(select, value) {
  const keep = value ?? select.value ?? "strategic";
  replace(select);
  for (const sc of SCHEMES) select.append(h("option", { value: sc }, t(`scheme.${sc}`)));
  select.value = keep || "strategic";
}

export function fillIndustrySelect(select, value, { any = true, industries = null } = {}) {
  const keep = value ?? select.value;
  replace(select);
  if (any) select.append(h("option", { value: "" }, t("common.any")));
  const list = industries || STRATEGIC.map((x) => ({ code: x.code, label: x[getLang()] }));
  for (const ind of list) select.append(h("option", { value: ind.code }, `${ind.label} (${ind.code})`));
  select.value = keep ?? "";
  if (select.value !== (keep ?? "")) select.selectedIndex = 0;
}

/** A convergence candidate's title in the interface language: its industries joined by ×. */
export function candidateTitle(c, scheme = "strategic") {
  const names = (c.industries || []).map((x) => (scheme === "strategic" ? industryName(x.code, x.label) : x.label || x.code));
  return names.length ? names.join(" × ") : c.name || "";
}

/** The shared technologies that make the candidate, as one line. */
export function candidateSubtitle(c) {
  const techs = (c.shared_technologies || []).map((x) => x.label).filter(Boolean);
  if (techs.length) return techs.slice(0, 4).join(", ") + (techs.length > 4 ? ` +${techs.length - 4}` : "");
  const colon = String(c.name || "").indexOf(": ");
  return colon > 0 ? c.name.slice(colon + 2) : "";
}

const STAT_FORMAT = {
  employees: (v) => fmtInt(v),
  establishments: (v) => fmtInt(v),
  lq_employees: (v) => fmtNumber(v, 2),
  lq_establishments: (v) => fmtNumber(v, 2),
  lq: (v) => fmtNumber(v, 2),
  growth: (v) => fmtPercent(v),
  national_growth: (v) => fmtPercent(v),
  shift_national: (v) => fmtSigned(v),
  shift_industry_mix: (v) => fmtSigned(v),
  shift_regional: (v) => fmtSigned(v),
};

/** Regional statistics as definition-list rows: known measures formatted, ids and codes left out. */
export function statRows(stats) {
  if (!stats || typeof stats !== "object") return [];
  const rows = [];
  if (stats.base_year && stats.year) rows.push([t("stat.period"), `${stats.base_year}–${stats.year}`]);
  for (const [key, fmt] of Object.entries(STAT_FORMAT)) {
    if (stats[key] === null || stats[key] === undefined) continue;
    rows.push([t(`stat.${key}`), fmt(stats[key])]);
  }
  return rows;
}
