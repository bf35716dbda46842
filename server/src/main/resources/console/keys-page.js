// The keys page (`#/keys`): the browser's Key Protect instance, its root keys, creating one, and
// disable, enable, rotate and delete behind a confirmation; a key's page (`#/keys/{id}`) with what
// it protects. A key's page takes `?instance=` so that a key CRN of any instance links to it.

import { call, el, showError, vpc, when } from "./api.js";
import { loadImages } from "./images.js";
import {
  ACTIVE,
  STATES,
  SUSPENDED,
  chooseInstance,
  forgetNames,
  isGuid,
  kms,
  kmsInstance,
  listKeys,
} from "./keys.js";
import { cell, field, link, menuButton, rowMenu } from "./parts.js";
import { onSignOut, register } from "./router.js";
import { $, act, problem as showProblem } from "./ui.js";

const KEY_TYPE = "application/vnd.ibm.kms.key+json";

let listLoad = 0;
let detailsLoad = 0;
// the key the dialog is about, its instance, what it asks for and what to do once it is done
let pending = null;

function keyPath(key) {
  return `/${encodeURIComponent(key.id)}`;
}

function keyHref(key, instance) {
  const query = instance === kmsInstance() ? "" : `?${new URLSearchParams({ instance })}`;
  return `#/keys/${encodeURIComponent(key.id)}${query}`;
}

function state(key) {
  const words = STATES[key.state] ?? `State ${key.state}`;
  return el("span", `status status-key-${key.state}`, words);
}

// ---- the actions, each confirmed in the one dialog

const ACTIONS = {
  disable: {
    title: "Disable",
    text: "While it is disabled nothing can be encrypted or read with it: the images and volumes it " +
      "protects become unusable until it is enabled again.",
  },
  enable: {
    title: "Enable",
    text: "The images and volumes it protects become usable again.",
  },
  rotate: {
    title: "Rotate",
    text: "A new version wraps from now on; the data keys it protects are wrapped again by it in " +
      "the background. No data is re-encrypted.",
  },
  delete: {
    title: "Delete",
    text: "Its material is destroyed for good.",
  },
};

/** The buttons of a key's actions, each enabled when the key's state allows it. */
function actionButtons(key, instance, done) {
  const open = (kind) => act(() => openAction(kind, key, instance, done));
  return [
    menuButton("Disable", open("disable"), key.state !== ACTIVE),
    menuButton("Enable", open("enable"), key.state !== SUSPENDED),
    menuButton("Rotate", open("rotate"), key.state !== ACTIVE),
    menuButton("Delete", open("delete"), key.state !== ACTIVE && key.state !== SUSPENDED),
  ];
}

async function openAction(kind, key, instance, done) {
  const dialog = $("key-dialog");
  let text = ACTIONS[kind].text;
  let protecting = 0;
  if (kind === "delete" || kind === "disable") {
    const found = await kms(`${keyPath(key)}/registrations`, {}, instance);
    protecting = found.resources?.length ?? 0;
    text = `It protects ${protecting} ${protecting === 1 ? "resource" : "resources"}. ${text}`;
  }
  pending = { kind, key, instance, done };
  dialog.querySelector(".error").hidden = true;
  $("key-dialog-title").textContent = `${ACTIONS[kind].title} key ${key.name}?`;
  $("key-dialog-text").textContent = text;
  $("key-dialog-confirm").textContent = ACTIONS[kind].title;
  $("key-dialog-confirm").className = kind === "delete" || kind === "disable" ? "danger" : "";
  $("key-force").checked = false;
  $("key-force-choice").hidden = !(kind === "delete" && protecting > 0);
  dialog.showModal();
}

async function confirmAction() {
  const { kind, key, instance, done } = pending;
  const dialog = $("key-dialog");
  try {
    if (kind === "delete") {
      const force = $("key-force").checked ? "?force=true" : "";
      await kms(`${keyPath(key)}${force}`, { method: "DELETE" }, instance);
    } else {
      await kms(`${keyPath(key)}/actions/${kind}`, { method: "POST" }, instance);
    }
  } catch (error) {
    showError(error, dialog.querySelector(".error"));
    return;
  }
  dialog.close();
  // what the key protects has moved with it: the images list shows their new status
  await Promise.all([done(kind), loadImages()]);
}

// ---- the list

async function loadList() {
  const mine = ++listLoad;
  const instance = kmsInstance();
  $("kms-instance").value = instance;
  const keys = await listKeys(instance);
  if (mine !== listLoad) return;
  $("key-rows").replaceChildren(...keys.map((key) => row(key, instance)));
  $("key-empty").hidden = keys.length > 0;
  $("key-count").textContent = `${keys.length} key${keys.length === 1 ? "" : "s"}`;
}

function row(key, instance) {
  const tr = el("tr");
  tr.dataset.id = key.id;
  tr.append(
    cell(link(key.name, keyHref(key, instance))),
    cell(key.id),
    cell(state(key)),
    cell(when(key.creationDate)),
    cell(when(key.lastRotateDate)),
    cell(key.keyVersion?.id),
    cell(rowMenu(key.name, actionButtons(key, instance, loadList))),
  );
  return tr;
}

async function createKey() {
  const description = $("key-create-description").value.trim();
  const resource = { type: KEY_TYPE, name: $("key-create-name").value.trim(), extractable: false };
  if (description) resource.description = description;
  $("key-create-submit").disabled = true;
  try {
    await kms("", {
      method: "POST",
      json: { metadata: { collectionType: KEY_TYPE, collectionTotal: 1 }, resources: [resource] },
    });
  } finally {
    $("key-create-submit").disabled = false;
  }
  $("key-create-form").reset();
  await loadList();
}

function useInstance() {
  const guid = $("kms-instance").value.trim();
  const problem = chooseInstance(guid);
  showProblem("kms-instance-problem", problem);
  return problem ? null : loadList();
}

// ---- a key's page

/** What a registration's CRN names: an image's or a volume's page, else the CRN alone. */
function protectedResource(registration) {
  const crn = registration.resourceCrn;
  const [type, id] = crn.split(":").slice(-2);
  const item = el("li");
  if (type === "image" || type === "volume") {
    const page = link(id, `#/${type}s/${id}`);
    page.dataset.resource = `${type}s/${id}`;
    item.append(`${type === "image" ? "Image" : "Volume"} `, page);
  } else {
    item.append(crn);
  }
  return item;
}

/** The most registrations named by reading their resources; the others keep their IDs. */
const NAMED = 50;

/**
 * Puts the resource's name in place of its ID in the first links, one read each; a resource that
 * cannot be read (gone, or not the reader's to see) keeps its ID.
 */
async function nameResources(links, mine) {
  await Promise.all(
    links.slice(0, NAMED).map(async (page) => {
      try {
        const resource = await call(vpc(page.dataset.resource));
        if (mine === detailsLoad && resource.name) page.textContent = resource.name;
      } catch {
        // the ID stays
      }
    }),
  );
}

function clearDetails() {
  for (const id of ["key-name", "key-actions", "key-fields", "key-registrations"]) {
    $(id).replaceChildren();
  }
}

async function showDetails(id, instance) {
  const mine = ++detailsLoad;
  const path = `/${encodeURIComponent(id)}`;
  const [found, registered] = await Promise.all([
    kms(path, {}, instance),
    kms(`${path}/registrations`, {}, instance),
  ]);
  if (mine !== detailsLoad) return;
  const key = found.resources[0];
  const after = (kind) => {
    if (kind === "delete") location.hash = "#/keys";
    else return showDetails(id, instance);
  };
  const rewrap = key.imprintRewrap;
  $("key-name").textContent = key.name;
  $("key-actions").replaceChildren(...(key.deleted ? [] : actionButtons(key, instance, after)));
  $("key-fields").replaceChildren(
    field("Name", key.name),
    field("ID", key.id),
    field("CRN", key.crn),
    field("State", state(key)),
    field("Description", key.description),
    field("Key Protect instance", instance),
    field("Imported", key.imported ? "Yes" : "No"),
    field("Created", when(key.creationDate)),
    field("Rotated", when(key.lastRotateDate)),
    field("Version", key.keyVersion?.id),
    field("Rewrap after the last rotation", rewrap ? `${rewrap.state}: ${rewrap.done} of ${rewrap.total} data keys` : null),
    field("Deleted", key.deleted ? when(key.deletionDate) : "No"),
  );
  const items = (registered.resources ?? []).map(protectedResource);
  $("key-registrations").replaceChildren(
    ...(items.length ? items : [el("li", "empty", "It protects nothing.")]),
  );
  await nameResources([...$("key-registrations").querySelectorAll("a[data-resource]")], mine);
}

// ---- pages and wiring

register("/keys", "keys", () => loadList());
register("/keys/:id", "key-details", async ({ id }, query) => {
  const asked = query.get("instance");
  const instance = asked && isGuid(asked) ? asked : kmsInstance();
  clearDetails();
  await showDetails(id, instance);
  $("key-name").focus();
});
onSignOut(() => {
  listLoad++;
  detailsLoad++;
  pending = null;
  forgetNames();
  $("key-rows").replaceChildren();
  clearDetails();
});

$("kms-instance-form").addEventListener("submit", act(useInstance));
$("key-create-form").addEventListener("submit", act(createKey));
$("key-dialog-form").addEventListener("submit", (event) => {
  event.preventDefault();
  confirmAction();
});
$("key-dialog-cancel").addEventListener("click", () => $("key-dialog").close());
