// The audit trail: the events kept, newest first, filtered and paged by the API. The filters live
// in the hash (#/events?action=…), so that a filtered view can be linked to and gone back to.

import { call, el, when } from "./api.js";
import { cell } from "./parts.js";
import { onSignOut, register, route } from "./router.js";
import { $, act } from "./ui.js";

// the API's query parameter each form control sets
const FILTERS = {
  action: "event-action",
  outcome: "event-outcome",
  "target.crn": "event-target",
  "initiator.id": "event-initiator",
  from: "event-from",
  to: "event-to",
};
const TIMES = new Set(["from", "to"]);

const state = {
  filters: new URLSearchParams(),
  // the start token of every page up to the current one, so that Previous needs no API support
  starts: [null],
  next: null,
  load: 0,
};
const seenActions = new Set();

/** Activity Tracker writes +0000 where Date wants Z. */
function timeOf(event) {
  return event.eventTime?.replace(/\+0000$/, "Z");
}

/** A datetime-local value (the browser's zone) as RFC 3339, and back. */
function toInstant(local) {
  return new Date(local).toISOString();
}

function toLocal(instant) {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return "";
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fillForm(filters) {
  for (const [name, id] of Object.entries(FILTERS)) {
    const value = filters.get(name) ?? "";
    $(id).value = TIMES.has(name) && value ? toLocal(value) : value;
  }
}

function formFilters() {
  const filters = new URLSearchParams();
  for (const [name, id] of Object.entries(FILTERS)) {
    const value = $(id).value.trim();
    if (value) filters.set(name, TIMES.has(name) ? toInstant(value) : value);
  }
  return filters;
}

/** Every field of an event as "a.b.c: value" lines, nested objects and arrays flattened. */
export function flatten(value, prefix = "") {
  if (value === null || typeof value !== "object") return [[prefix, String(value)]];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${prefix}[${index}]`, item])
    : Object.entries(value).map(([key, item]) => [prefix ? `${prefix}.${key}` : key, item]);
  if (!entries.length) return [[prefix, Array.isArray(value) ? "[]" : "{}"]];
  return entries.flatMap(([key, item]) => flatten(item, key));
}

function fullEvent(event, id) {
  const tr = el("tr", "event-full");
  tr.id = id;
  tr.hidden = true;
  const list = el("dl", "event-fields");
  for (const [key, value] of flatten(event)) list.append(el("dt", "", key), el("dd", "", value));
  const td = cell(list);
  td.colSpan = 6;
  tr.append(td);
  return tr;
}

function rows(event, index) {
  const id = `event-full-${index}`;
  const toggle = el("button", "disclosure");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", id);
  toggle.append(el("span", "visually-hidden", "Details of the event at "), when(timeOf(event)));
  const full = fullEvent(event, id);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    full.hidden = !open;
  });
  const tr = el("tr");
  const outcome = cell(event.outcome);
  outcome.className = `outcome outcome-${event.outcome}`;
  tr.append(
    cell(toggle),
    cell(event.action),
    outcome,
    cell(event.target?.name ?? event.target?.id),
    cell(event.initiator?.name ?? event.initiator?.id),
    cell(event.message),
  );
  return [tr, full];
}

async function load() {
  const mine = ++state.load;
  const page = state.starts.length - 1;
  const query = new URLSearchParams(state.filters);
  query.set("limit", $("event-page-size").value);
  const start = state.starts[page];
  if (start) query.set("start", start);
  const answer = await call(`../imprint/v1/events?${query}`);
  if (mine !== state.load) return;
  const events = answer.events ?? [];
  $("event-rows").replaceChildren(...events.flatMap(rows));
  $("event-empty").hidden = events.length > 0;
  const size = Number($("event-page-size").value);
  const from = page * size;
  $("event-count").textContent = events.length
    ? `${from + 1}–${from + events.length} of ${answer.total_count ?? "?"}`
    : "0 of 0";
  state.next = answer.next ? new URL(answer.next.href).searchParams.get("start") : null;
  $("event-previous").disabled = page === 0;
  $("event-next").disabled = !state.next;
  // the actions met so far, offered when typing one
  for (const event of events) seenActions.add(event.action);
  $("event-actions").replaceChildren(
    ...[...seenActions].sort().map((action) => {
      const option = el("option");
      option.value = action;
      return option;
    }),
  );
}

function fromFirstPage() {
  state.starts = [null];
  return load();
}

register("/events", "events", async (params, query) => {
  state.filters = new URLSearchParams(
    [...query].filter(([name, value]) => name in FILTERS && value),
  );
  fillForm(state.filters);
  await fromFirstPage();
});
onSignOut(() => {
  state.load++;
  state.filters = new URLSearchParams();
  seenActions.clear();
  $("event-rows").replaceChildren();
  $("event-actions").replaceChildren();
  $("event-count").textContent = "";
});

$("event-filters").addEventListener(
  "submit",
  act(async () => {
    const filters = formFilters();
    const hash = `#/events${filters.size ? `?${filters}` : ""}`;
    // the same hash fires no hashchange: the page is read again here instead
    if (location.hash === hash) await route();
    else location.hash = hash;
  }),
);
$("event-clear").addEventListener(
  "click",
  act(async () => {
    if (location.hash === "#/events") await route();
    else location.hash = "#/events";
  }),
);
$("event-page-size").addEventListener("change", act(fromFirstPage));
$("event-previous").addEventListener(
  "click",
  act(() => {
    state.starts.pop();
    return load();
  }),
);
$("event-next").addEventListener(
  "click",
  act(() => {
    state.starts.push(state.next);
    return load();
  }),
);
