// The Encryption choice of the create forms (IBM's: the source's encryption, or a customer key
// located by instance or by CRN). The create-image form also offers provider managed, which a
// volume under a customer key cannot give (docs/keys.md's capture table); leaving the key out
// keeps the source's: the volume's for an image, the image's for an instance's boot volume.

import { el } from "./api.js";
import { ACTIVE, kmsInstance, listKeys, parseKeyCrn } from "./keys.js";
import { $ } from "./ui.js";

/**
 * The choice in the fieldset `${prefix}-encryption`: radios of that name, a key list
 * `${prefix}-key` (with the instance named in `${prefix}-key-instance`) and a CRN box
 * `${prefix}-key-crn`; `what` names what is encrypted, in the question a missing choice asks.
 */
export function encryptionChoice(prefix, what) {
  const name = `${prefix}-encryption`;
  const radio = (value) => document.querySelector(`input[name="${name}"][value="${value}"]`);
  const chosen = () => document.querySelector(`input[name="${name}"]:checked`)?.value ?? null;
  // the key list is read once a visit; a later answer of an earlier visit is dropped
  let load = 0;

  /** Shows the fields of the choice made: the key list or the CRN box. */
  function arrangeFields() {
    for (const part of document.querySelectorAll(`#${name} [data-encryption]`)) {
      part.hidden = part.dataset.encryption !== chosen();
    }
  }

  $(name).addEventListener("change", arrangeFields);

  return {
    radio,
    chosen,
    arrangeFields,

    /** A choice offered or not, with the reason beside it (and read with it) when not. */
    offer(value, why) {
      const input = radio(value);
      input.disabled = why !== null;
      if (input.disabled) input.checked = false;
      const box = $(`${name}-${value}-why`);
      box.textContent = why ?? "";
      box.hidden = why === null;
    },

    /** Reads the instance's active keys into the list; a refusal is said in the list's place. */
    async loadKeys() {
      const mine = ++load;
      const instance = kmsInstance();
      $(`${prefix}-key-instance`).textContent = instance;
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
      $(`${prefix}-key`).replaceChildren(...options);
    },

    /** The key the form asks for: `{crn}`, null for none, or `{problem}` to show before sending. */
    encryptionKey() {
      const choice = chosen();
      if (choice === "key") {
        const crn = $(`${prefix}-key`).value;
        return crn ? { crn } : { problem: "Choose a key, or create one on the keys page." };
      }
      if (choice === "crn") {
        const crn = $(`${prefix}-key-crn`).value.trim();
        if (parseKeyCrn(crn)) return { crn };
        return {
          problem:
            `'${crn}' is not a key CRN: crn:v1:bluemix:public:kms:<region>:a/<account>:` +
            "<instance>:key:<key ID>.",
        };
      }
      if (choice === null) return { problem: `Choose how ${what} is encrypted.` };
      return null;
    },

    /** The field a problem of the choice is about. */
    keyField() {
      return $(chosen() === "crn" ? `${prefix}-key-crn` : `${prefix}-key`);
    },

    /** A fresh visit: no keys listed until read, `initial` chosen. */
    reset(initial) {
      load += 1;
      $(`${prefix}-key`).replaceChildren();
      $(`${prefix}-key-crn`).value = "";
      radio(initial).checked = true;
      arrangeFields();
    },
  };
}

const image = encryptionChoice("create", "the image");

/**
 * Offers the choices that `volume` (the chosen source, or null) allows; the choice made stays
 * unless it no longer stands, when the one the API takes without a key is made.
 */
export function arrangeEncryption(volume) {
  const key = volume?.encryption === "user_managed" ? volume.encryption_key?.crn : null;
  image.offer(
    "provider",
    key
      ? `Volume ${volume.name} is encrypted with the customer key ${key}; ` +
          "an image of it cannot be provider managed."
      : null,
  );
  image.offer(
    "volume",
    key
      ? null
      : volume
        ? `Volume ${volume.name} is provider managed: it has no key of its own.`
        : "Choose a source volume first.",
  );
  if (!image.chosen()) image.radio(key ? "volume" : "provider").checked = true;
  image.arrangeFields();
}

export const loadKeys = () => image.loadKeys();
export const encryptionKey = () => image.encryptionKey();

/** A fresh choice, for a new visit or a sign-out. */
export function resetEncryption() {
  for (const value of ["provider", "volume"]) image.offer(value, null);
  image.reset("provider");
  arrangeEncryption(null);
}
