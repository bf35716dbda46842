// The images list: one page at a time from the server, whatever the number of images. The page and
// the counts per status are two calls made together (GET /imprint/v1/images and its status_counts);
// the status chips, the search and the order are parameters of those calls, and the pages follow
// the server's start tokens, kept on a stack for "previous".

import { call, el, label } from "./api.js";
import { openChecksum, openDelete, openRename } from "./image-actions.js";
import { learnNames, lock } from "./keys.js";
import { openLifecycle } from "./lifecycle.js";
import { cell, link, menuButton, rowMenu, statusOf, statusWithReasons } from "./parts.js";
import { $, act, resourceGroup } from "./ui.js";

const STATUSES = [
  "available", "pending", "failed", "deleting", "deprecated", "obsolete", "unusable",
  "partially_available",
];
// typing waits this long for the next key before the search goes to the server
const SEARCH_DELAY_MS = 250;
// instances can be made from these only: an obsolete image is refused, a pending one has no content
const MAKES_INSTANCES = new Set(["available", "deprecated"]);
// the statuses whose reasons the list shows: a pending image's "queued" is no news
const WHY_SHOWN = new Set(["failed", "unusable"]);
// the order a column starts in when first clicked: names A to Z, dates newest first
const FIRST_DIRECTION = { name: "ascending", created_at: "descending" };

const images = {
  visibility: "private", status: "", search: "", sort: "-created_at", size: 20,
  // the page shown: its start token (null for the first), those of the pages before it, the next's
  shown: { start: null, before: [], next: null },
  // the latest load: an earlier one that answers late (a chip clicked meanwhile) is dropped
  load: 0,
  typing: null,
};

/** What the page and the counts are both about: the tab, the resource group, the search. */
function filters() {
  const query = new URLSearchParams({ visibility: images.visibility });
  const group = resourceGroup();
  // stock images belong to the provider, in none of the account's groups
  if (group && images.visibility === "private") query.set("resource_group.id", group);
  if (images.search) query.set("search", images.search);
  return query;
}

function setBusy(busy) {
  $("image-table").setAttribute("aria-busy", String(busy));
}

/**
 * Shows the page that starts at `start` (null: the first) with `before` the starts of the pages
 * before it; by default the page shown now, read again.
 */
async function show(start = images.shown.start, before = images.shown.before) {
  clearTimeout(images.typing);
  const load = ++images.load;
  setBusy(true);
  const common = filters();
  const list = new URLSearchParams(common);
  list.set("limit", String(images.size));
  list.set("sort", images.sort);
  if (images.status) list.set("status", images.status);
  if (start) list.set("start", start);
  let page;
  let counts;
  try {
    [page, counts] = await Promise.all([
      call(`../imprint/v1/images?${list}`),
      call(`../imprint/v1/images/status_counts?${common}`),
    ]);
    // the locks are labelled with their keys' names
    await learnNames(page.images.map((image) => image.encryption_key?.crn));
  } catch (error) {
    // a refusal of a query the user has moved on from is not theirs to see
    if (load !== images.load) return;
    setBusy(false);
    throw error;
  }
  if (load !== images.load) return;
  // the last image of a later page went (deleted, renamed away): show the page before it
  if (page.images.length === 0 && before.length > 0) {
    await show(before.at(-1), before.slice(0, -1));
    return;
  }
  // next.href is absolute on the server's public URL; only its start token is needed here
  const next = page.next ? new URL(page.next.href).searchParams.get("start") : null;
  images.shown = { start, before, next };
  render(page, counts);
  setBusy(false);
}

/** The first page of what the tab, the group, the search and the chip now select. */
function first() {
  return show(null, []);
}

/** The page shown and the counts, read again (after a change, or when the session begins). */
export function loadImages() {
  return show();
}

/** Forgets the list (signing out): an answer still on its way is dropped. */
export function clearImages() {
  images.load += 1;
  clearTimeout(images.typing);
  images.shown = { start: null, before: [], next: null };
  $("image-rows").replaceChildren();
  setBusy(false);
}

function render(page, counts) {
  renderChips(counts);
  renderSort();
  $("image-rows").replaceChildren(...page.images.map(row));
  $("image-empty").hidden = page.images.length > 0;
  const from = images.shown.before.length * images.size;
  $("image-count").textContent = page.images.length
    ? `${from + 1}–${from + page.images.length} of ${page.total_count}`
    : `0 of ${page.total_count}`;
  $("page-previous").disabled = images.shown.before.length === 0;
  $("page-next").disabled = !images.shown.next;
}

// ---- status chips: made once, their counts and states updated, so that focus stays on them

function chip(status) {
  const button = el("button", "chip", "");
  button.type = "button";
  button.dataset.status = status;
  button.addEventListener(
    "click",
    act(() => {
      images.status = images.status === status ? "" : status;
      pressChips();
      return first();
    }),
  );
  return button;
}

function pressChips() {
  for (const button of $("status-chips").children) {
    button.setAttribute("aria-pressed", String(button.dataset.status === images.status));
  }
}

function renderChips(counts) {
  for (const button of $("status-chips").children) {
    const status = button.dataset.status;
    button.textContent = status
      ? `${label(status)} (${counts.status_counts?.[status] ?? 0})`
      : `All (${counts.total_count})`;
  }
  pressChips();
}

// ---- the order: the Name and Created headers are buttons, their th says how it sorts

function renderSort() {
  const column = images.sort.replace(/^-/, "");
  const direction = images.sort.startsWith("-") ? "descending" : "ascending";
  for (const th of document.querySelectorAll("#image-table th[data-sort]")) {
    th.setAttribute("aria-sort", th.dataset.sort === column ? direction : "none");
  }
}

function sortBy(column) {
  const current = images.sort.replace(/^-/, "");
  const direction =
    current === column
      ? images.sort.startsWith("-") ? "ascending" : "descending"
      : FIRST_DIRECTION[column];
  images.sort = direction === "descending" ? `-${column}` : column;
  renderSort();
  return first();
}

// ---- rows

/** The row's actions, in the pages' shared row menu (Escape closes it, focus goes back). */
function actions(image) {
  const items = [];
  if (MAKES_INSTANCES.has(image.status)) {
    // the instance page reads the image from its hash; it never carries the token
    items.push(
      link("Create instance", `#/instances/create?${new URLSearchParams({ image: image.id })}`),
    );
  }
  items.push(menuButton("View checksum", act(() => openChecksum(image))));
  // stock images belong to the provider: the account can neither rename, re-date nor delete them
  if (image.visibility === "private") {
    items.push(
      menuButton("Rename", act(() => openRename(image, loadImages))),
      menuButton("Schedule lifecycle", act(() => openLifecycle(image, loadImages))),
      menuButton("Delete", act(() => openDelete(image, loadImages))),
    );
  }
  return cell(rowMenu(image.name, items));
}

/** A failed or unusable image says why, in short (the details page has the messages). */
function status(image) {
  if (!WHY_SHOWN.has(image.status)) return statusOf(image.status);
  return statusWithReasons(image, (reason) => label(reason.code));
}

function row(image) {
  const tr = el("tr");
  const name = el("td");
  name.append(link(image.name, `#/images/${encodeURIComponent(image.id)}`), ...lock(image));
  if (image.user_tags?.length) {
    const tags = el("ul", "row-tags");
    tags.setAttribute("aria-label", `Tags of ${image.name}`);
    tags.append(...image.user_tags.map((tag) => el("li", "", tag)));
    name.append(tags);
  }
  tr.append(
    name,
    cell(status(image)),
    cell(image.operating_system?.display_name ?? image.operating_system?.name),
    cell(image.resource_group?.name),
    cell(new Date(image.created_at).toLocaleString()),
    actions(image),
  );
  return tr;
}

// ---- wiring

function selectTab(tab) {
  for (const other of document.querySelectorAll('#images [role="tab"]')) {
    other.setAttribute("aria-selected", String(other === tab));
  }
  images.visibility = tab.dataset.visibility;
  images.status = "";
  // stock images are the provider's: the account creates custom ones only
  $("images-create-bar").hidden = images.visibility !== "private";
  pressChips();
  return first();
}

/** Connects the list's controls. */
export function wireImages() {
  $("status-chips").replaceChildren(chip(""), ...STATUSES.map(chip));
  renderChips({ total_count: 0, status_counts: {} });
  renderSort();
  for (const th of document.querySelectorAll("#image-table th[data-sort]")) {
    th.querySelector("button").addEventListener("click", act(() => sortBy(th.dataset.sort)));
  }
  $("resource-group").addEventListener("change", act(first));
  for (const tab of document.querySelectorAll('#images [role="tab"]')) {
    tab.addEventListener("click", act(() => selectTab(tab)));
  }
  $("search").addEventListener("input", () => {
    clearTimeout(images.typing);
    setBusy(true);
    images.typing = setTimeout(
      act(() => {
        images.search = $("search").value.trim();
        return first();
      }),
      SEARCH_DELAY_MS,
    );
  });
  $("page-size").addEventListener(
    "change",
    act(() => {
      images.size = Number($("page-size").value);
      return first();
    }),
  );
  $("page-previous").addEventListener(
    "click",
    act(() => {
      const before = images.shown.before;
      return before.length ? show(before.at(-1), before.slice(0, -1)) : first();
    }),
  );
  $("page-next").addEventListener(
    "click",
    act(() => {
      const { start, before, next } = images.shown;
      return next ? show(next, [...before, start]) : undefined;
    }),
  );
}
