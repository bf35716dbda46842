// The create-image form's Encryption choice (IBM's: provider managed, or a customer key located by
// instance or by CRN). Which choices stand depends on the source volume: a volume under a customer
// key cannot give a provider-managed image (docs/keys.md's capture table), and leaving the key out
// keeps the volume's.

import { el } from "./api.js";
import { ACTIVE, kmsInstance, listKeys, parseKeyCrn } from "./keys.js";

const $ = (id) => document.getElementById(id);
const radio = (value) => document.querySelector(`input[name="create-encryption"][value="${value}"]`);

// the key list is read once a visit; a later answer of an earlier visit is dropped
let load = 0;

function chosen() {
  return document.querySelector('input[name="create-encryption"]:checked')?.value ?? null;
}

/** Shows the fields of the choice made: the key list or the CRN box. */
function arrangeFields() {
  for (const part of document.querySelectorAll("#create-encryption [data-encryption]")) {
    part.hidden = part.dataset.encryption !== chosen();
  }
}

/** A choice offered or not, with the reason beside it (and read with it) when not. */
function offer(value, why) {
  const input = radio(value);
  input.disabled = why !== null;
  if (input.disabled) input.checked = false;
  const box = $(`create-encryption-${value}-why`);
  box.textContent = why ?? "";
  box.hidden = why === null;
}

/**
 * Offers the choices that `volume` (the chosen source, or null) allows; the choice made stays
 * unless it no longer stands, when the one the API takes without a key is made.
 */
export function arrangeEncryption(volume) {
  const key = volume?.encryption === "user_managed" ? volume.encryption_key?.crn : null;
  offer(
    "provider",
    key
      ? `Volume ${volume.name} is encrypted with the customer key ${key}; ` +
          "an image of it cannot be provider managed."
      : null,
  );
  offer(
    "volume",
    key
      ? null
      : volume
        ? `Volume ${volume.name} is provider managed: it has no key of its own.`
        : "Choose a source volume first.",
  );
  if (!chosen()) radio(key ? "volume" : "provider").checked = true;
  arrangeFields();
}

/** Reads the instance's active keys into the list; a refusal is said in the list's place. */
export async function loadKeys() {
  const mine = ++load;
  const instance = kmsInstance();
  $("create-key-instance").textContent = instance;
  let options;
  try {
    const active = (await listKeys(instance)).filter((key) => key.state === ACTIVE);
    options = active.map((key) => {
      const option = el("option", "", key.name);
      option.value = key.crn;
      return option;
    });
    if (!options.length) options = [el("option", "", "No active keys: create one first")];
  } catch (error) {
    options = [el("option", "", `The keys could not be read: ${error.message}`)];
  }
  if (mine !== load) return;
  for (const option of options) option.disabled = !option.value;
  $("create-key").replaceChildren(...options);
}

/** The key the form asks for: `{crn}`, null for none, or `{problem}` to show before sending. */
export function encryptionKey() {
  const choice = chosen();
  if (choice === "key") {
    const crn = $("create-key").value;
    return crn ? { crn } : { problem: "Choose a key, or create one on the keys page." };
  }
  if (choice === "crn") {
    const crn = $("create-key-crn").value.trim();
    if (parseKeyCrn(crn)) return { crn };
    return {
      problem:
        `'${crn}' is not a key CRN: crn:v1:bluemix:public:kms:<region>:a/<account>:` +
        "<instance>:key:<key ID>.",
    };
  }
  if (choice === null) return { problem: "Choose how the image is encrypted." };
  return null;
}

/** A fresh choice, for a new visit or a sign-out. */
export function resetEncryption() {
  load += 1;
  $("create-key").replaceChildren();
  for (const value of ["provider", "volume"]) offer(value, null);
  arrangeEncryption(null);
}

$("create-encryption").addEventListener("change", arrangeFields);
