// Hash routing: #view or #view?key=value&… (parameters let views link to each other).

export const VIEWS = ["ask", "matches", "graph", "region", "convergence"];
export const DEFAULT_VIEW = "ask";

export function parseHash(hash = window.location.hash) {
  const raw = hash.replace(/^#/, "");
  const [name, qs = ""] = raw.split(/\?(.*)/s);
  const view = VIEWS.includes(name) ? name : null;
  return { view, params: new URLSearchParams(qs) };
}

export function hrefFor(view, params = {}) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") qs.set(k, String(v));
  }
  const text = qs.toString();
  return `#${view}${text ? `?${text}` : ""}`;
}

export function navigate(view, params = {}) {
  const href = hrefFor(view, params);
  if (window.location.hash === href) {
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = href;
  }
}

/** Update the hash without triggering a view change (filters reflected in the URL). */
export function replaceParams(view, params = {}) {
  const href = hrefFor(view, params);
  if (window.location.hash !== href) history.replaceState(null, "", href);
}
