// The Imprint console: plain JavaScript on the public API, nothing built. API data reaches the
// page through textContent only, never as HTML.

import { call, useToken } from "./api.js";
import { openDelete, openRename } from "./image-actions.js";
import { whenCreated } from "./image-create.js";
import { clearDetails, showDetails, tag } from "./image-details.js";
import { clearImages, loadImages, wireImages } from "./images.js";
import { openLifecycle } from "./lifecycle.js";
import { leaveAll, onSignOut, register, route, startRouting } from "./router.js";
import { $, act, clearError, showError } from "./ui.js";
// the other pages register themselves with the router as they load
import "./events.js";
import "./instance-create.js";
import "./instances.js";
import "./keys-page.js";
import "./volumes.js";

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

// ---- images: the list is images.js

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
  clearImages();
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
wireImages();

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
