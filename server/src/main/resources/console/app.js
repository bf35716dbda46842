// The Imprint console: plain JavaScript on the public API, nothing built. API data reaches the
// page through textContent only, never as HTML.

import { API_VERSION, call, el, label, useToken } from "./api.js";
import { openDelete, openRename } from "./image-actions.js";
import { whenCreated } from "./image-create.js";
import { clearDetails, showDetails, tag } from "./image-details.js";
import { openLifecycle } from "./lifecycle.js";
import { leaveAll, onSignOut, register, route, startRouting } from "./router.js";
import { $, act, clearError, resourceGroup, showError } from "./ui.js";
// the other pages register themselves with the router as they load
import "./events.js";
import "./instance-create.js";
import "./instances.js";
import "./volumes.js";

const STATUSES = [
  "available", "pending", "failed", "deleting", "deprecated", "obsolete", "unusable",
  "partially_available",
];
// a token is renewed this long before it expires, so that no call carries an expired one
const REFRESH_MARGIN_MS = 60_000;

// The session lives in this module's memory only: never in storage, a cookie or the URL.
let session = null;

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
  useToken(tokens.access_token);
  session = {
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
  useToken(null);
  leaveAll();
  $("session").hidden = true;
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close();
  $("sign-in").hidden = false;
  $("apikey").value = "";
  $("apikey").focus();
}

async function enter() {
  $("user").textContent = session.claims.iam_id ?? "";
  $("account").textContent = session.claims.account?.bss ?? "";
  $("sign-in").hidden = true;
  $("session").hidden = false;
  await Promise.all([loadResourceGroups(), loadImages(), route()]);
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
  const group = resourceGroup();
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

function actionButton(text, action) {
  const button = el("button", "", text);
  button.type = "button";
  button.addEventListener("click", act(action));
  return button;
}

/** An instance can be made from an available image, or from a deprecated one on purpose. */
function createInstance(image) {
  const link = el("a", "", "Create instance");
  link.href = `#/instances/create?${new URLSearchParams({ image: image.id })}`;
  return link;
}

/** The row's actions, in a disclosure so that the table stays narrow. */
function actions(image) {
  const menu = el("details", "menu");
  const summary = el("summary", "", "Actions");
  summary.setAttribute("aria-label", `Actions for ${image.name}`);
  const items = el("div", "menu-items");
  const close = (action) => () => {
    menu.open = false;
    return action();
  };
  if (["available", "deprecated"].includes(image.status)) items.append(createInstance(image));
  // stock images belong to the provider: the account can neither rename, re-date nor delete them
  if (image.visibility === "private") {
    items.append(
      actionButton("Rename", close(() => openRename(image, changed))),
      actionButton("Schedule lifecycle", close(() => openLifecycle(image, changed))),
      actionButton("Delete", close(() => openDelete(image, changed))),
    );
  }
  if (!items.children.length) return cell("");
  menu.append(summary, items);
  const td = el("td");
  td.append(menu);
  return td;
}

function row(image) {
  const tr = el("tr");
  const name = el("td");
  const link = el("a", "", image.name);
  link.href = `#/images/${encodeURIComponent(image.id)}`;
  name.append(link);
  const status = cell(label(image.status));
  status.className = `status status-${image.status}`;
  tr.append(
    name,
    status,
    cell(image.operating_system?.display_name ?? image.operating_system?.name),
    cell(image.resource_group?.name),
    cell(new Date(image.created_at).toLocaleString()),
  );
  tr.append(actions(image));
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
  // stock images are the provider's: the account creates custom ones only
  $("images-create-bar").hidden = images.visibility !== "private";
  return loadImages();
}

// ---- pages

let shown = null;

register("/images", "images", async () => {});
register("/images/:id", "image-details", async ({ id }) => {
  // another image's data never shows while this one loads, nor after it failed to
  if (id !== shown?.id) clearDetails();
  shown = null;
  shown = await showDetails(id);
  $("details-name").focus();
});
onSignOut(() => {
  images.all = [];
  $("image-rows").replaceChildren();
  clearDetails();
  shown = null;
});

/** After a change the API accepted: the list, and the details page when open, read again. */
async function changed() {
  await Promise.all([loadImages(), shown ? route() : null]);
}

whenCreated(loadImages);

async function deletedFromDetails() {
  location.hash = "#/images";
  await loadImages();
}

// ---- wiring

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

startRouting(() => session !== null, showError);
$("tag-form").addEventListener(
  "submit",
  act(async () => {
    await tag(shown, $("tag-name").value, "attach");
    $("tag-name").value = "";
    await route();
  }),
);
$("details-tags").addEventListener(
  "click",
  act(async (event) => {
    const name = event.target.closest("button[data-tag]")?.dataset.tag;
    if (!name) return;
    await tag(shown, name, "detach");
    await route();
  }),
);
$("details-rename").addEventListener("click", act(() => openRename(shown, changed)));
$("details-lifecycle").addEventListener("click", act(() => openLifecycle(shown, changed)));
$("details-delete").addEventListener("click", act(() => openDelete(shown, deletedFromDetails)));

signOut();
