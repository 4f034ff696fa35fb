// Entry point: navigation, language toggle, hash routing between the five views.

import { api } from "./api.js";
import { initDocPanel } from "./docpanel.js";
import { applyI18n, getLang, onLangChange, setLang, t } from "./i18n.js";
import { DEFAULT_VIEW, parseHash } from "./router.js";
import * as ask from "./views/ask.js";
import * as convergence from "./views/convergence.js";
import * as explorer from "./views/explorer.js";
import * as matches from "./views/matches.js";
import * as region from "./views/region.js";

const MODULES = { ask, matches, graph: explorer, region, convergence };
const mounted = new Set();
let current = null;

function section(view) {
  return document.getElementById(`view-${view}`);
}

function route() {
  const { view, params } = parseHash();
  const name = view || DEFAULT_VIEW;
  if (!view && window.location.hash && window.location.hash !== "#main") {
    history.replaceState(null, "", `#${DEFAULT_VIEW}`);
  }
  const changed = name !== current;
  for (const [v] of Object.entries(MODULES)) section(v).hidden = v !== name;
  for (const a of document.querySelectorAll(".main-nav a[data-view]")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const mod = MODULES[name];
  if (!mounted.has(name)) {
    mod.mount(section(name));
    mounted.add(name);
  }
  current = name;
  document.title = `${t(`nav.${name}`)} · policykg`;
  document.body.dataset.view = name;
  const done = mod.show(params);
  if (changed) {
    const heading = document.getElementById(`h-${name}`);
    // Move focus to the view's heading for screen readers, without stealing it from inputs.
    if (heading && !section(name).contains(document.activeElement)) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }
  return done;
}

function syncLangButtons() {
  for (const btn of document.querySelectorAll(".lang-toggle button")) {
    btn.setAttribute("aria-pressed", btn.dataset.lang === getLang() ? "true" : "false");
  }
}

async function showHealth() {
  const el = document.getElementById("health");
  try {
    const h = await api.health();
    el.textContent = `policykg ${h.version} · ${h.status}`;
  } catch {
    el.textContent = t("app.offline");
  }
}

function init() {
  document.documentElement.lang = getLang();
  applyI18n(document);
  syncLangButtons();
  initDocPanel();
  for (const btn of document.querySelectorAll(".lang-toggle button")) {
    btn.addEventListener("click", () => setLang(btn.dataset.lang));
  }
  onLangChange(() => {
    syncLangButtons();
    for (const name of mounted) MODULES[name].relabel?.();
    if (current) document.title = `${t(`nav.${current}`)} · policykg`;
    showHealth();
  });
  document.getElementById("skip-link").addEventListener("click", (ev) => {
    ev.preventDefault();
    const heading = current && document.getElementById(`h-${current}`);
    const target = heading || document.getElementById("main");
    target.tabIndex = -1;
    target.focus();
  });
  window.addEventListener("hashchange", route);
  route();
  showHealth();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
