// Interface text in Korean and English. The choice is kept in localStorage; the default follows
// the browser's language. Static markup uses data-i18n (text), data-i18n-placeholder,
// data-i18n-aria-label and data-i18n-title; code uses t(key, {var}).

import { STRINGS } from "./strings.js";

const STORAGE_KEY = "policykg.lang";
export const LANGS = ["ko", "en"];
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch {
    // storage may be disabled
  }
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || "ko";
  return nav.toLowerCase().startsWith("ko") ? "ko" : "en";
}

let lang = initialLang();

export function getLang() {
  return lang;
}

export function setLang(next) {
  if (!LANGS.includes(next) || next === lang) return;
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // ignore
  }
  document.documentElement.lang = next;
  applyI18n(document);
  for (const fn of listeners) fn(next);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Translate `key`, replacing {name} with vars.name; falls back to English, then the key. */
export function t(key, vars = null) {
  let text = STRINGS[lang]?.[key] ?? STRINGS.en[key] ?? key;
  if (vars) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  return text;
}

export function applyI18n(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.title = t(el.dataset.i18nTitle);
}
