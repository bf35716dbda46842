// The API as the console calls it: one fetch wrapper, IBM's error body turned into an ApiError.

export const API_VERSION = "version=2026-03-24&generation=2";

/** An API refusal: IBM's error body's first message and the trace to quote. */
export class ApiError extends Error {
  constructor(status, body) {
    const first = body?.errors?.[0];
    super(first?.message ?? `The server answered HTTP ${status}.`);
    this.status = status;
    this.trace = body?.trace ?? "";
  }
}

/** A rule the console checks before sending anything, told as the API would tell it (no trace). */
export class Refusal extends Error {}

// The access token lives in this module's memory only: never in storage, a cookie or the URL.
let accessToken = null;

export function useToken(token) {
  accessToken = token;
}

/**
 * Calls the API. `form` sends a URL-encoded body (IAM's token endpoint), `patch` a JSON merge
 * patch (null clears a field), `json` a JSON body; `headers` adds to the request's (Key
 * Protect's `bluemix-instance`).
 */
export async function call(path, { method = "GET", form, json, patch, headers: extra } = {}) {
  const headers = { Accept: "application/json", ...extra };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let body;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form);
  } else if (patch) {
    method = "PATCH";
    headers["Content-Type"] = "application/merge-patch+json";
    body = JSON.stringify(patch);
  } else if (json) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  }
  const response = await fetch(path, { method, headers, body, cache: "no-store" });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A VPC path with the version and generation every /v1 call carries. */
export function vpc(path, query = "") {
  return `../v1/${path}?${API_VERSION}${query ? `&${query}` : ""}`;
}

/** Shows an error, the API's message and trace or a fault of our own, in an error box. */
export function showError(error, box) {
  const known = error instanceof ApiError || error instanceof Refusal;
  if (!known) console.error(error);
  box.querySelector(".error-message").textContent = known
    ? error.message
    : `The request failed: ${error.message}`;
  box.querySelector(".error-trace").textContent = (known && error.trace) || "none";
  box.hidden = false;
}

/** A DOM element with a class and text: the only way API data reaches the page. */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text ?? "—";
  return node;
}

export function label(status) {
  const words = status.replace(/_/g, " ");
  return words[0].toUpperCase() + words.slice(1);
}

export function when(date) {
  return date ? new Date(date).toLocaleString() : "—";
}
