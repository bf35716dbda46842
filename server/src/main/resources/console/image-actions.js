// Rename and delete, from the list's row actions and the details page; the checksum, from the list.

import { call, el, showError, vpc } from "./api.js";
import { consumersOf } from "./image-details.js";
import { $ } from "./ui.js";


let current = null;
let renamed = async () => {};
let deleted = async () => {};

function errorBox(dialog) {
  return $(dialog).querySelector(".error");
}

async function attempt(dialog, send) {
  errorBox(dialog).hidden = true;
  try {
    await send();
  } catch (error) {
    showError(error, errorBox(dialog));
    return false;
  }
  $(dialog).close();
  return true;
}

export function openRename(image, onRenamed) {
  current = image;
  renamed = onRenamed;
  errorBox("rename-dialog").hidden = true;
  $("rename-current").textContent = image.name;
  $("rename-name").value = image.name;
  $("rename-dialog").showModal();
  $("rename-name").select();
}

/** Opens the confirmation, naming what was made from the image before anything is deleted. */
export async function openDelete(image, onDeleted) {
  current = image;
  deleted = onDeleted;
  errorBox("delete-dialog").hidden = true;
  $("delete-name").textContent = image.name;
  const found = await consumersOf(image.id);
  const items = [
    ...(found.instances ?? []).map((instance) => `Instance ${instance.name}`),
    ...(found.volumes ?? []).map((volume) => `Volume ${volume.name}`),
  ];
  $("delete-consumers").replaceChildren(...items.map((item) => el("li", "", item)));
  $("delete-used").hidden = items.length === 0;
  $("delete-unused").hidden = items.length > 0;
  $("delete-pending").hidden = image.status !== "pending";
  $("delete-dialog").showModal();
}

/** Shows the image's SHA-256 (IBM's file.checksums.sha256), which an image has once it is captured. */
export function openChecksum(image) {
  const sha256 = image.file?.checksums?.sha256;
  $("checksum-name").textContent = image.name;
  $("checksum-value").value = sha256 ?? "";
  $("checksum-value").hidden = !sha256;
  $("checksum-copy").hidden = !sha256;
  $("checksum-none").hidden = Boolean(sha256);
  $("checksum-copied").textContent = "";
  $("checksum-dialog").showModal();
  (sha256 ? $("checksum-copy") : $("checksum-close")).focus();
}

async function copyChecksum() {
  const value = $("checksum-value").value;
  try {
    await navigator.clipboard.writeText(value);
    $("checksum-copied").textContent = "Copied to the clipboard.";
  } catch {
    // no clipboard (a page not served over HTTPS or from this machine, or a refusal): the text is
    // selected for the user to copy
    $("checksum-value").select();
    $("checksum-copied").textContent = "Selected: copy it with Ctrl+C (or ⌘C).";
  }
}

$("checksum-copy").addEventListener("click", copyChecksum);
$("checksum-close").addEventListener("click", () => $("checksum-dialog").close());
$("rename-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = $("rename-name").value;
  if (await attempt("rename-dialog", () => call(vpc(`images/${current.id}`), { patch: { name } }))) {
    await renamed();
  }
});
$("delete-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await attempt("delete-dialog", () => call(vpc(`images/${current.id}`), { method: "DELETE" }))) {
    await deleted();
  }
});
for (const dialog of ["rename", "delete"]) {
  $(`${dialog}-cancel`).addEventListener("click", () => $(`${dialog}-dialog`).close());
}
