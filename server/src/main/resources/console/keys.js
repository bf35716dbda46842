// Key Protect as the console calls it (the same server, `/api/v2/keys`), and what the image and
// volume pages show of a customer key: the lock after a name, the key's name, a link to its page.

import { call, el } from "./api.js";
import { link } from "./parts.js";

// Any GUID is a Key Protect instance on Imprint (docs/keys.md): the console needs one to list
// and create keys, so a browser starts with this one and may choose another on the keys page.
export const DEFAULT_INSTANCE = "6a2e3c5d-1f4b-4e7a-9c8d-0b1a2c3d4e5f";
const STORED = "imprint.kms-instance";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Key Protect's CRN (core's Crns.key); hs-crypto is Hyper Protect Crypto Services' same shape
const CRN = /^crn:v1:[^:]+:[^:]+:(kms|hs-crypto):[^:]*:a\/[^:]+:([^:]+):key:([^:]+)$/;

export const STATES = { 1: "Active", 2: "Suspended (disabled)", 3: "Deactivated", 5: "Destroyed" };
export const ACTIVE = 1;
export const SUSPENDED = 2;

// key CRN → name, for the lock's label; names never change, so a sign-out alone empties it
const names = new Map();

/**
 * The browser's Key Protect instance. Kept in localStorage: a GUID is no secret (the token
 * stays in memory), and keeping it spares choosing it again after every sign-in.
 */
export function kmsInstance() {
  return localStorage.getItem(STORED) ?? DEFAULT_INSTANCE;
}

/** Chooses the browser's instance; answers a problem in words, or null once it is kept. */
export function chooseInstance(guid) {
  if (!GUID.test(guid)) return `'${guid}' is not an instance GUID (8-4-4-4-12 hex digits).`;
  localStorage.setItem(STORED, guid.toLowerCase());
  return null;
}

export function isGuid(text) {
  return GUID.test(text);
}

/** A Key Protect call on `instance`: `path` follows `/api/v2/keys`. */
export function kms(path, options = {}, instance = kmsInstance()) {
  return call(`../api/v2/keys${path}`, { ...options, headers: { "bluemix-instance": instance } });
}

/** The instance's keys that are not destroyed, oldest first (Key Protect's order). */
export async function listKeys(instance = kmsInstance()) {
  const keys = (await kms("?limit=5000", {}, instance)).resources ?? [];
  for (const key of keys) names.set(key.crn, key.name);
  return keys;
}

/** A key CRN's instance and ID, or null when it is not a key CRN. */
export function parseKeyCrn(crn) {
  const match = CRN.exec(crn ?? "");
  return match ? { instance: match[2], id: match[3] } : null;
}

/** The console page of the key a CRN names, in the key's own instance. */
export function keyHref(crn) {
  const key = parseKeyCrn(crn);
  if (!key) return null;
  return `#/keys/${encodeURIComponent(key.id)}?${new URLSearchParams({ instance: key.instance })}`;
}

/** The key CRN as a link to its page. */
export function keyLink(crn) {
  const href = keyHref(crn);
  return href ? link(crn, href) : crn;
}

/**
 * Learns the names of the keys `crns` name, each read from its own instance. A key the user may
 * not read (or that is gone) keeps its CRN as its name: the lock is never held up by it.
 */
export async function learnNames(crns) {
  const unknown = [...new Set(crns)].filter((crn) => crn && !names.has(crn));
  await Promise.all(
    unknown.map(async (crn) => {
      const key = parseKeyCrn(crn);
      if (!key) return;
      try {
        const found = await kms(`/${encodeURIComponent(key.id)}`, {}, key.instance);
        names.set(crn, found.resources?.[0]?.name);
      } catch {
        // a refusal or a key gone: the label says the CRN instead, and it is not asked again
        names.set(crn, null);
      }
    }),
  );
}

export function forgetNames() {
  names.clear();
}

const SVG = "http://www.w3.org/2000/svg";

/**
 * The lock shown after the name of a resource encrypted with a customer key, labelled with the
 * key's name (or its CRN) for those who do not see it; nothing for any other resource.
 */
export function lock(resource) {
  if (resource.encryption !== "user_managed") return [];
  const crn = resource.encryption_key?.crn;
  const text = `Encrypted with a customer key: ${names.get(crn) ?? crn ?? "unknown"}`;
  const icon = document.createElementNS(SVG, "svg");
  icon.setAttribute("viewBox", "0 0 16 16");
  icon.setAttribute("class", "lock");
  icon.setAttribute("role", "img");
  icon.setAttribute("aria-label", text);
  const title = document.createElementNS(SVG, "title");
  title.textContent = text;
  const body = document.createElementNS(SVG, "rect");
  for (const [name, value] of Object.entries({ x: 2.5, y: 7, width: 11, height: 8, rx: 1 })) {
    body.setAttribute(name, String(value));
  }
  const shackle = document.createElementNS(SVG, "path");
  shackle.setAttribute("d", "M5 7V4.5a3 3 0 0 1 6 0V7");
  icon.append(title, body, shackle);
  const wrapper = el("span", "locked");
  wrapper.append(icon);
  return [wrapper];
}
