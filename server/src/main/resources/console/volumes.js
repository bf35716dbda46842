// The volumes list and a volume's details, with the way to an image of a boot volume: open when
// the server would accept it, greyed out with the reason when it would not.

import { call, el, label, vpc, when } from "./api.js";
import { refusal } from "./image-create.js";
import { keyLink, learnNames, lock } from "./keys.js";
import { cell, field, link, linkOrReason, readAll, rowMenu, statusWithReasons } from "./parts.js";
import { onSignOut, register } from "./router.js";
import { $, act, resourceGroup } from "./ui.js";

let shown = null;
let listLoad = 0;
let detailsLoad = 0;

function captureHref(volume) {
  return `#/images/create?${new URLSearchParams({ volume: volume.id })}`;
}

/** `instancesById` holds at least the instance the volume is attached to, for its status. */
function capture(volume, instancesById, where) {
  return linkOrReason(
    "Create image",
    captureHref(volume),
    refusal(volume, instancesById)?.why,
    `capture-reason-${where}-${volume.id}`,
  );
}

function instanceLink(instance) {
  return link(instance.name, `#/instances/${encodeURIComponent(instance.id)}`);
}

function kind(volume) {
  const type = volume.volume_attachments?.[0]?.type;
  return type ? label(type) : "—";
}

// ---- the list

async function load() {
  const mine = ++listLoad;
  const [volumes, instances] = await Promise.all([
    readAll(vpc("volumes", "limit=100"), "volumes"),
    // the capture rule needs the attached instance's status, which a volume does not carry
    readAll(vpc("instances", "limit=100"), "instances"),
  ]);
  await learnNames(volumes.map((volume) => volume.encryption_key?.crn));
  if (mine !== listLoad) return;
  const instancesById = new Map(instances.map((instance) => [instance.id, instance]));
  const group = resourceGroup();
  // the volumes API has no resource group filter: the switcher narrows here
  const listed = volumes.filter((volume) => !group || volume.resource_group?.id === group);
  $("volume-rows").replaceChildren(...listed.map((volume) => row(volume, instancesById)));
  $("volume-empty").hidden = listed.length > 0;
  $("volume-count").textContent = `${listed.length} volume${listed.length === 1 ? "" : "s"}`;
}

function row(volume, instancesById) {
  const tr = el("tr");
  tr.dataset.id = volume.id;
  const instance = volume.volume_attachments?.[0]?.instance;
  tr.append(
    cell(link(volume.name, `#/volumes/${encodeURIComponent(volume.id)}`), ...lock(volume)),
    cell(statusWithReasons(volume, (reason) => label(reason.code))),
    cell(`${volume.capacity} GB`),
    cell(volume.profile?.name),
    cell(instance ? instanceLink(instance) : "—"),
    cell(kind(volume)),
    cell(label(volume.encryption)),
    cell(when(volume.created_at)),
    cell(rowMenu(volume.name, [capture(volume, instancesById, "list")])),
  );
  return tr;
}

// ---- the details page

function clearDetails() {
  for (const id of ["volume-name", "volume-actions", "volume-fields", "volume-attachments", "volume-tags"]) {
    $(id).replaceChildren();
  }
}

function sourceImage(volume) {
  const image = volume.source_image;
  if (!image) return "none";
  if (image.deleted) return `${image.name} (deleted)`;
  return link(image.name, `#/images/${encodeURIComponent(image.id)}`);
}

function attachments(volume) {
  const items = (volume.volume_attachments ?? []).map((attachment) => {
    const item = el("li");
    item.append(`${label(attachment.type)} volume of `, instanceLink(attachment.instance));
    return item;
  });
  return items.length ? items : [el("li", "empty", "Not attached.")];
}

async function showDetails(id) {
  const mine = ++detailsLoad;
  const volume = await call(vpc(`volumes/${encodeURIComponent(id)}`));
  const instance = volume.volume_attachments?.[0]?.instance;
  const holder = instance ? await call(vpc(`instances/${encodeURIComponent(instance.id)}`)) : null;
  await learnNames([volume.encryption_key?.crn]);
  if (mine !== detailsLoad) return;
  shown = volume;
  $("volume-name").replaceChildren(volume.name, ...lock(volume));
  const holders = new Map(holder ? [[holder.id, holder]] : []);
  $("volume-actions").replaceChildren(capture(volume, holders, "details"));
  $("volume-fields").replaceChildren(
    field("Name", volume.name),
    field("ID", volume.id),
    field("CRN", volume.crn),
    field("Status", statusWithReasons(volume, (reason) => `${reason.code}: ${reason.message}`)),
    field("Capacity", `${volume.capacity} GB`),
    field("Profile", volume.profile?.name),
    field("IOPS", volume.iops === undefined ? null : String(volume.iops)),
    field("Zone", volume.zone?.name),
    field("Resource group", volume.resource_group?.name),
    field("Encryption", label(volume.encryption)),
    field("Encryption key", volume.encryption_key ? keyLink(volume.encryption_key.crn) : "none"),
    field("Operating system", volume.operating_system?.display_name ?? volume.operating_system?.name),
    field("Source image", sourceImage(volume)),
    field("Busy", volume.busy ? "Yes: an image is being made from it" : "No"),
    field("Created", when(volume.created_at)),
  );
  $("volume-attachments").replaceChildren(...attachments(volume));
  const tags = (volume.user_tags ?? []).map((tag) => el("li", "tag", tag));
  $("volume-tags").replaceChildren(...(tags.length ? tags : [el("li", "empty", "No tags.")]));
}

// ---- pages and wiring

register("/volumes", "volumes", () => load());
register("/volumes/:id", "volume-details", async ({ id }) => {
  if (id !== shown?.id) clearDetails();
  shown = null;
  await showDetails(id);
  $("volume-name").focus();
});
onSignOut(() => {
  listLoad++;
  detailsLoad++;
  shown = null;
  $("volume-rows").replaceChildren();
  clearDetails();
});

$("resource-group").addEventListener(
  "change",
  act(() => ($("volumes").hidden ? null : load())),
);
