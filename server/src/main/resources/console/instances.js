// The instances list and an instance's details: start, stop, reboot, delete, and the way to an
// image of its boot volume.

import { call, el, label, showError as showIn, vpc, when } from "./api.js";
import {
  cell,
  field,
  link,
  menuButton,
  pause,
  readAll,
  rowMenu,
  statusOf,
  statusWithReasons,
} from "./parts.js";
import { onSignOut, register } from "./router.js";
import { $, act, resourceGroup, showError } from "./ui.js";

// The server's power table (InstanceLifecycle): the actions each status allows. Offering only
// these spares the user a refusal they could have been told about.
const ACTIONS = {
  stopped: ["start"],
  failed: ["start"],
  running: ["stop", "reboot"],
  pending: ["stop"],
  starting: ["stop"],
  restarting: ["stop"],
};
const POWER = ["start", "stop", "reboot"];
const TRANSITIONAL = new Set(["pending", "starting", "stopping", "restarting", "deleting"]);
// a power step takes about a second on a real server: read again at that pace, and give up
// after half a minute rather than follow a stuck instance forever
const POLL_MS = 1000;
const POLL_TIMES = 30;

let instances = [];
let shown = null;
// bumped at sign-out, so that a poll started in an earlier session stops
let session = 0;
// the latest load of each page: an earlier one that answers late is dropped
let listLoad = 0;
let detailsLoad = 0;

function allowed(instance, type) {
  // the server keeps it stopped until the image is made, and says so in a status reason
  const capturing = instance.status_reasons?.some((r) => r.code === "stopped_for_image_creation");
  if (type === "start" && capturing) return false;
  return ACTIONS[instance.status]?.includes(type) ?? false;
}

export function captureHref(instance) {
  return `#/images/create?${new URLSearchParams({ instance: instance.id })}`;
}

function imageOf(instance) {
  const image = instance.image;
  if (!image) return "—";
  if (image.deleted) return `${image.name} (deleted)`;
  return link(image.name, `#/images/${encodeURIComponent(image.id)}`);
}

// ---- the list

async function load() {
  const mine = ++listLoad;
  const query = new URLSearchParams({ limit: "100" });
  const group = resourceGroup();
  if (group) query.set("resource_group.id", group);
  const all = await readAll(vpc("instances", query.toString()), "instances");
  if (mine !== listLoad) return;
  instances = all;
  $("instance-rows").replaceChildren(...instances.map(row));
  $("instance-empty").hidden = instances.length > 0;
  $("instance-count").textContent = `${instances.length} instance${instances.length === 1 ? "" : "s"}`;
}

function row(instance) {
  const tr = el("tr");
  tr.dataset.id = instance.id;
  tr.append(
    cell(link(instance.name, `#/instances/${encodeURIComponent(instance.id)}`)),
    cell(statusOf(instance.status)),
    cell(instance.profile?.name),
    cell(imageOf(instance)),
    cell(instance.zone?.name),
    cell(instance.vpc?.name),
    cell(when(instance.created_at)),
    cell(rowMenu(instance.name, menuItems(instance))),
  );
  return tr;
}

function menuItems(instance) {
  return [
    ...POWER.map((type) =>
      menuButton(label(type), act(() => power(instance, type)), !allowed(instance, type)),
    ),
    menuButton("Delete", act(() => openDelete(instance)), instance.status === "deleting"),
    link("Create image", captureHref(instance)),
  ];
}

// ---- actions

async function power(instance, type) {
  await call(vpc(`instances/${encodeURIComponent(instance.id)}/actions`), {
    method: "POST",
    json: { type },
  });
  follow(instance.id).catch(showError);
}

/** Reads the instance again until its status settles, showing each step; a deleted one leaves. */
async function follow(id) {
  const mine = session;
  for (let i = 0; i < POLL_TIMES; i++) {
    let instance;
    try {
      instance = await call(vpc(`instances/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error.status !== 404) throw error;
      if (mine === session) gone(id);
      return;
    }
    if (mine !== session) return;
    update(instance);
    if (!TRANSITIONAL.has(instance.status)) return;
    await pause(POLL_MS);
  }
}

function rowOf(id) {
  return [...$("instance-rows").rows].find((tr) => tr.dataset.id === id);
}

function update(instance) {
  const index = instances.findIndex((other) => other.id === instance.id);
  if (index >= 0) instances[index] = instance;
  const old = rowOf(instance.id);
  if (old) {
    // the row is rebuilt; whoever was in it keeps a place to stand
    const focused = old.contains(document.activeElement);
    const fresh = row(instance);
    old.replaceWith(fresh);
    if (focused) fresh.querySelector("summary").focus();
  }
  if (shown?.id === instance.id) renderDetails(instance);
}

function gone(id) {
  instances = instances.filter((instance) => instance.id !== id);
  rowOf(id)?.remove();
  $("instance-empty").hidden = instances.length > 0;
}

let deleting = null;

function openDelete(instance) {
  deleting = { instance, opener: document.activeElement };
  const dialog = $("instance-delete-dialog");
  dialog.querySelector(".error").hidden = true;
  $("instance-delete-name").textContent = instance.name;
  dialog.showModal();
}

async function confirmDelete(event) {
  event.preventDefault();
  const dialog = $("instance-delete-dialog");
  const { instance } = deleting;
  try {
    await call(vpc(`instances/${encodeURIComponent(instance.id)}`), { method: "DELETE" });
  } catch (error) {
    showIn(error, dialog.querySelector(".error"));
    return;
  }
  dialog.close();
  if (shown?.id === instance.id) location.hash = "#/instances";
  // the row shows it deleting, then leaves
  follow(instance.id).catch(showError);
}

// ---- the details page

function clearDetails() {
  $("instance-name").replaceChildren();
  $("instance-fields").replaceChildren();
}

async function showDetails(id) {
  const mine = ++detailsLoad;
  const instance = await call(vpc(`instances/${encodeURIComponent(id)}`));
  if (mine !== detailsLoad) return;
  shown = instance;
  renderDetails(instance);
}

function volumeLink(attachment) {
  const volume = attachment.volume;
  return link(volume.name, `#/volumes/${encodeURIComponent(volume.id)}`);
}

function dataVolumes(instance) {
  const boot = instance.boot_volume_attachment?.id;
  const data = (instance.volume_attachments ?? []).filter((a) => a.id !== boot);
  if (!data.length) return "none";
  const list = el("ul", "plain");
  for (const attachment of data) {
    const item = el("li");
    item.append(volumeLink(attachment));
    list.append(item);
  }
  return list;
}

function renderDetails(instance) {
  // a button the user just pressed may now be disabled: the focus goes to the heading, not away
  const pressed = document.activeElement;
  $("instance-name").textContent = instance.name;
  for (const type of POWER) $(`instance-${type}`).disabled = !allowed(instance, type);
  $("instance-delete").disabled = instance.status === "deleting";
  $("instance-capture").href = captureHref(instance);
  $("instance-events").href = `#/events?${new URLSearchParams({ "target.crn": instance.crn })}`;
  const nic = instance.primary_network_interface;
  const profile = instance.profile?.name;
  $("instance-fields").replaceChildren(
    field("Name", instance.name),
    field("ID", instance.id),
    field("CRN", instance.crn),
    field("Status", statusWithReasons(instance)),
    field(
      "Profile",
      profile && `${profile} (${instance.vcpu?.count} vCPU, ${instance.memory} GB memory)`,
    ),
    field("Image", imageOf(instance)),
    field(
      "Boot volume",
      instance.boot_volume_attachment ? volumeLink(instance.boot_volume_attachment) : "none",
    ),
    field("Data volumes", dataVolumes(instance)),
    field("VPC", instance.vpc?.name),
    field("Subnet", nic?.subnet?.name),
    field("Primary IP", nic?.primary_ip?.address),
    field("Zone", instance.zone?.name),
    field("Resource group", instance.resource_group?.name),
    field("Created", when(instance.created_at)),
  );
  if (pressed?.disabled) $("instance-name").focus();
}

// ---- pages and wiring

register("/instances", "instances", () => load());
register("/instances/:id", "instance-details", async ({ id }) => {
  // another instance's data never shows while this one loads, nor after it failed to
  if (id !== shown?.id) clearDetails();
  shown = null;
  await showDetails(id);
  $("instance-name").focus();
});
onSignOut(() => {
  session++;
  listLoad++;
  detailsLoad++;
  instances = [];
  shown = null;
  deleting = null;
  $("instance-rows").replaceChildren();
  clearDetails();
});

$("resource-group").addEventListener(
  "change",
  act(() => ($("instances").hidden ? null : load())),
);
for (const type of POWER) {
  $(`instance-${type}`).addEventListener("click", act(() => shown && power(shown, type)));
}
$("instance-delete").addEventListener("click", act(() => shown && openDelete(shown)));
$("instance-delete-form").addEventListener("submit", confirmDelete);
$("instance-delete-cancel").addEventListener("click", () => $("instance-delete-dialog").close());
$("instance-delete-dialog").addEventListener("close", () => {
  // back to what opened it, when that is still on the page (a deleted instance's page is not)
  const opener = deleting?.opener;
  if (opener?.isConnected && !opener.closest("[hidden]")) opener.focus();
});
