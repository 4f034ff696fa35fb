// The HTTP API of the same server. Errors come back as RFC 9457 problem+json and are thrown as
// ApiError with the problem's title and detail. Entity IRIs in paths are URL-encoded.

export class ApiError extends Error {
  constructor(status, title, detail, problem = null) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = "ApiError";
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

/** Query string from an object, leaving out empty values. */
export function query(params = {}) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length) qs.set(key, value.join(","));
    } else {
      qs.set(key, String(value));
    }
  }
  const text = qs.toString();
  return text ? `?${text}` : "";
}

async function request(path, { method = "GET", body, signal, accept = "application/json" } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      signal,
      headers: {
        Accept: accept,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch (err) {
    if (err.name === "AbortError") throw err;
    throw new ApiError(0, "Network error", err.message || String(err));
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    let problem = null;
    if (type.includes("json")) {
      try {
        problem = await response.json();
      } catch {
        problem = null;
      }
    }
    const title = problem?.title || response.statusText || `HTTP ${response.status}`;
    const detail = typeof problem?.detail === "string" ? problem.detail : "";
    throw new ApiError(response.status, title, detail === title ? "" : detail, problem);
  }
  if (type.includes("json")) return response.json();
  return response.text();
}

const enc = encodeURIComponent;

export const api = {
  health: (opts) => request("/health", opts),

  search: (params, opts) => request(`/search${query(params)}`, opts),

  ask: (question, lang, opts) =>
    request("/ask", { ...opts, method: "POST", body: { question, lang: lang || null } }),

  matches: (params, opts) => request(`/matches${query(params)}`, opts),
  matchesCsvUrl: (params) => `/matches${query({ ...params, page: undefined, page_size: undefined, format: "csv" })}`,

  convergence: (params, opts) => request(`/convergence${query(params)}`, opts),
  jointBusiness: (params, opts) => request(`/joint-business${query(params)}`, opts),
  programmes: (params, opts) => request(`/programmes${query(params)}`, opts),
  regionProfile: (code, scheme, opts) =>
    request(`/regions/${enc(code)}/profile${query({ scheme })}`, opts),

  entitySearch: (q, k = 10, opts) => request(`/entities/search${query({ q, k })}`, opts),
  entity: (iri, opts) => request(`/entities/${enc(iri)}`, opts),

  neighborhood: (node, { depth = 1, types, limit = 300 } = {}, opts) =>
    request(`/graph/neighborhood${query({ node, depth, types, limit })}`, opts),
  path: (from, to, opts) => request(`/graph/path${query({ from, to })}`, opts),

  document: (docId, opts) => request(`/documents/${enc(docId)}`, opts),
};

/**
 * Keep only the latest request of a kind: `const latest = latestOnly(); latest(signal => api.x(…, {signal}))`.
 * An earlier request still in flight is aborted; its AbortError is swallowed (resolves to undefined).
 */
export function latestOnly() {
  let controller = null;
  return async (fn) => {
    if (controller) controller.abort();
    const mine = new AbortController();
    controller = mine;
    try {
      return await fn(mine.signal);
    } catch (err) {
      if (err.name === "AbortError") return undefined;
      throw err;
    } finally {
      if (controller === mine) controller = null;
    }
  };
}
