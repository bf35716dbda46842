// What the instances, volumes and events pages build their tables and fields from. API data goes
// in through el()'s textContent only.

import { call, el, label } from "./api.js";

/** A table cell holding text, or the nodes given. */
export function cell(...content) {
  const td = el("td");
  if (content.length === 1 && !(content[0] instanceof Node)) td.textContent = content[0] ?? "—";
  else td.append(...content);
  return td;
}

export function link(text, href) {
  const a = el("a", "", text);
  a.href = href;
  return a;
}

export function statusOf(status) {
  return el("span", `status status-${status}`, label(status));
}

/** A status, and under it the reasons the API gives for it, each told as `describe` says. */
export function statusWithReasons(resource, describe = (reason) => reason.message ?? reason.code) {
  const reasons = resource.status_reasons ?? [];
  if (!reasons.length) return statusOf(resource.status);
  const list = el("ul", "reasons");
  for (const reason of reasons) list.append(el("li", "", describe(reason)));
  const wrapper = el("div");
  wrapper.append(statusOf(resource.status), list);
  return wrapper;
}

/** A term and its value in a details page's field list. */
export function field(term, ...value) {
  const wrapper = el("div", "field");
  const dd = el("dd");
  if (value.length === 1 && !(value[0] instanceof Node)) dd.textContent = value[0] ?? "—";
  else dd.append(...value);
  wrapper.append(el("dt", "", term), dd);
  return wrapper;
}

/**
 * A row's actions in a disclosure, so that the table stays narrow. Escape closes it and returns
 * the focus to its summary, as it would for a menu button.
 */
export function rowMenu(name, items) {
  const menu = el("details", "menu");
  const summary = el("summary", "", "Actions");
  summary.setAttribute("aria-label", `Actions for ${name}`);
  const list = el("div", "menu-items");
  list.append(...items);
  menu.append(summary, list);
  // one menu open at a time: an open one would cover the rows below it
  menu.addEventListener("toggle", () => {
    if (!menu.open) return;
    for (const other of document.querySelectorAll("details.menu[open]")) {
      if (other !== menu) other.open = false;
    }
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    summary.focus();
  });
  // Choosing an action closes the menu and gives the summary the focus its item had. This runs
  // before the item's own handler (capture), so that a dialog the item opens returns the focus
  // to the summary, not to a hidden item.
  list.addEventListener(
    "click",
    (event) => {
      if (!event.target.closest("button, a[href]")) return;
      menu.open = false;
      summary.focus();
    },
    true,
  );
  return menu;
}

export function menuButton(text, action, disabled = false) {
  const button = el("button", "", text);
  button.type = "button";
  button.disabled = disabled;
  button.addEventListener("click", action);
  return button;
}

/**
 * A link that may not be followed now: without an href, aria-disabled, and the reason beside it
 * in words (a greyed-out item alone does not say why).
 */
export function linkOrReason(text, href, reason, describedBy) {
  if (!reason) return link(text, href);
  const wrapper = el("span", "unavailable");
  const a = el("a", "", text);
  a.setAttribute("aria-disabled", "true");
  a.setAttribute("role", "link");
  const why = el("span", "reason", reason);
  why.id = describedBy;
  a.setAttribute("aria-describedby", why.id);
  wrapper.append(a, why);
  return wrapper;
}

/** Every item of a collection, following its `next` links; `path` has no `start` of its own. */
export async function readAll(path, key) {
  const all = [];
  let start = null;
  do {
    const page = await call(start ? `${path}&start=${encodeURIComponent(start)}` : path);
    all.push(...(page[key] ?? []));
    // next.href is absolute on the server's public URL; only its start token is needed here
    start = page.next ? new URL(page.next.href).searchParams.get("start") : null;
  } while (start);
  return all;
}

export function pause(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
