// The Imprint console: plain JavaScript on the public API, nothing built. API data reaches the
// page through textContent only, never as HTML.

const API_VERSION = "version=2026-03-24&generation=2";
const STATUSES = [
  "available", "pending", "failed", "deleting", "deprecated", "obsolete", "unusable",
  "partially_available",
];
// a token is renewed this long before it expires, so that no call carries an expired one
const REFRESH_MARGIN_MS = 60_000;

const $ = (id) => document.getElementById(id);

/** An API refusal: IBM's error body's first message and the trace to quote. */
class ApiError extends Error {
  constructor(status, body) {
    const first = body?.errors?.[0];
    super(first?.message ?? `The server answered HTTP ${status}.`);
    this.status = status;
    this.trace = body?.trace ?? "";
  }
}

// The session lives in this module's memory only: never in storage, a cookie or the URL.
let session = null;

async function call(path, { method = "GET", form } = {}) {
  const headers = { Accept: "application/json" };
  if (session) headers.Authorization = `Bearer ${session.accessToken}`;
  let body;
  if (form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(form);
  }
  const response = await fetch(path, { method, headers, body, cache: "no-store" });
  const data = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function showError(error) {
  $("error-message").textContent = error.message;
  $("error-trace").textContent = error.trace || "none";
  $("error").hidden = false;
}

function clearError() {
  $("error").hidden = true;
}

// ---- signing in and out

/** The token's claims, for display: the server checks the signature on every call. */
function claimsOf(token) {
  const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

function begin(tokens) {
  clearTimeout(session?.refreshTimer);
  const expiresAt = tokens.expiration * 1000;
  session = {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    claims: claimsOf(tokens.access_token),
    refreshTimer: setTimeout(refresh, Math.max(expiresAt - Date.now() - REFRESH_MARGIN_MS, 1_000)),
  };
}

async function signIn(apikey) {
  const tokens = await call("../identity/token", {
    method: "POST",
    form: { grant_type: "urn:ibm:params:oauth:grant-type:apikey", apikey },
  });
  begin(tokens);
}

async function refresh() {
  const renewing = session;
  try {
    const tokens = await call("../identity/token", {
      method: "POST",
      form: { grant_type: "refresh_token", refresh_token: renewing.refreshToken },
    });
    // signed out meanwhile: the new tokens are dropped, not revived
    if (session === renewing) begin(tokens);
  } catch (error) {
    if (session !== renewing) return;
    signOut();
    showError(error);
  }
}

function signOut() {
  if (session) clearTimeout(session.refreshTimer);
  session = null;
  images.all = [];
  $("image-rows").replaceChildren();
  $("session").hidden = true;
  $("images").hidden = true;
  $("sign-in").hidden = false;
  $("apikey").value = "";
  $("apikey").focus();
}

async function enter() {
  $("user").textContent = session.claims.iam_id ?? "";
  $("account").textContent = session.claims.account?.bss ?? "";
  $("sign-in").hidden = true;
  $("session").hidden = false;
  $("images").hidden = false;
  await Promise.all([loadResourceGroups(), loadImages()]);
}

// ---- resource groups

async function loadResourceGroups() {
  const select = $("resource-group");
  const groups = (await call("../v2/resource_groups")).resources ?? [];
  const options = groups.map((group) => {
    const option = document.createElement("option");
    option.value = group.id;
    option.textContent = group.name;
    return option;
  });
  select.replaceChildren(select.options[0], ...options);
}

// ---- images

const images = {
  visibility: "private", all: [], status: "", search: "", page: 0, size: 20,
  // the latest load: an earlier one that answers late (a tab clicked meanwhile) is dropped
  load: 0,
};

/** Every image of the tab: the counts and the search need all of them, not one page. */
async function loadImages() {
  const load = ++images.load;
  const query = new URLSearchParams({ visibility: images.visibility, limit: "100" });
  const group = $("resource-group").value;
  // stock images belong to the provider, in none of the account's groups
  if (group && images.visibility === "private") query.set("resource_group.id", group);
  const all = [];
  let start = null;
  do {
    if (start) query.set("start", start);
    const page = await call(`../v1/images?${API_VERSION}&${query}`);
    all.push(...page.images);
    // next.href is absolute on the server's public URL; only its start token is needed here
    start = page.next ? new URL(page.next.href).searchParams.get("start") : null;
  } while (start && load === images.load);
  if (load !== images.load || !session) return;
  images.all = all;
  images.page = 0;
  renderImages();
}

function matching() {
  const search = images.search.toLowerCase();
  return images.all.filter(
    (image) =>
      (!images.status || image.status === images.status) &&
      (!search || image.name.toLowerCase().includes(search)),
  );
}

function label(status) {
  const words = status.replace(/_/g, " ");
  return words[0].toUpperCase() + words.slice(1);
}

function renderChips() {
  const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
  for (const image of images.all) counts[image.status] = (counts[image.status] ?? 0) + 1;
  const chip = (status, text) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "chip";
    button.dataset.status = status;
    button.setAttribute("aria-pressed", String(images.status === status));
    button.textContent = text;
    button.addEventListener("click", () => {
      images.status = images.status === status || status === "" ? "" : status;
      images.page = 0;
      renderImages();
      $("status-chips").querySelector(`[data-status="${status}"]`)?.focus();
    });
    return button;
  };
  $("status-chips").replaceChildren(
    chip("", `All (${images.all.length})`),
    ...STATUSES.map((status) => chip(status, `${label(status)} (${counts[status]})`)),
  );
}

function cell(text) {
  const td = document.createElement("td");
  td.textContent = text ?? "—";
  return td;
}

function row(image) {
  const tr = document.createElement("tr");
  const status = cell(label(image.status));
  status.className = `status status-${image.status}`;
  tr.append(
    cell(image.name),
    status,
    cell(image.operating_system?.display_name ?? image.operating_system?.name),
    cell(image.resource_group?.name),
    cell(new Date(image.created_at).toLocaleString()),
  );
  return tr;
}

function renderImages() {
  renderChips();
  const shown = matching();
  const pages = Math.max(1, Math.ceil(shown.length / images.size));
  images.page = Math.min(images.page, pages - 1);
  const from = images.page * images.size;
  const page = shown.slice(from, from + images.size);
  $("image-rows").replaceChildren(...page.map(row));
  $("image-empty").hidden = page.length > 0;
  $("image-count").textContent = shown.length
    ? `${from + 1}–${from + page.length} of ${shown.length}`
    : "0 of 0";
  $("page-previous").disabled = images.page === 0;
  $("page-next").disabled = images.page >= pages - 1;
}

function selectTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    other.setAttribute("aria-selected", String(other === tab));
  }
  images.visibility = tab.dataset.visibility;
  images.status = "";
  return loadImages();
}

// ---- wiring

/** Runs an action of the user's, showing the API's refusal if there is one. */
function act(action) {
  return async (event) => {
    event?.preventDefault();
    clearError();
    try {
      await action(event);
    } catch (error) {
      if (error instanceof ApiError) {
        showError(error);
      } else {
        // the server unreachable (fetch's TypeError), or a fault of the console's own
        console.error(error);
        showError({ message: `The request failed: ${error.message}`, trace: "" });
      }
    }
  };
}

$("sign-in-form").addEventListener(
  "submit",
  act(async () => {
    await signIn($("apikey").value);
    $("apikey").value = "";
    await enter();
  }),
);
$("sign-out").addEventListener("click", () => {
  clearError();
  signOut();
});
$("resource-group").addEventListener("change", act(loadImages));
for (const tab of document.querySelectorAll('[role="tab"]')) {
  tab.addEventListener("click", act(() => selectTab(tab)));
}
$("search").addEventListener("input", () => {
  images.search = $("search").value;
  images.page = 0;
  renderImages();
});
$("page-size").addEventListener("change", () => {
  images.size = Number($("page-size").value);
  images.page = 0;
  renderImages();
});
$("page-previous").addEventListener("click", () => {
  images.page -= 1;
  renderImages();
});
$("page-next").addEventListener("click", () => {
  images.page += 1;
  renderImages();
});

signOut();
