// Create an image from a boot volume (IBM's "Custom image for VPC" page), then watch its capture.
// The API's preconditions are told on each row and its rules checked before submit, so that a
// refusal is explained where the choice is made; the API still decides and its message is shown.

import { call, el, label, showError, vpc } from "./api.js";
import { arrangeEncryption, encryptionKey, loadKeys, resetEncryption } from "./create-encryption.js";
import { learnNames, lock } from "./keys.js";
import { tag } from "./image-details.js";
import { cell } from "./parts.js";
import { moment, plan, Refusal } from "./lifecycle.js";
import { onSignOut, register } from "./router.js";
import { $, problem, resourceGroup } from "./ui.js";

const checked = (name) => document.querySelector(`input[name="${name}"]:checked`).value;

// IBM's name rule as the server checks it (core's Names), with the same message
const NAME = /^-?([a-z]|[a-z][-a-z0-9]*[a-z0-9]|[0-9][-a-z0-9]*([a-z]|[-a-z][-a-z0-9]*[a-z0-9]))$/;
const NAME_MAX = 63;
// a user tag as the server checks it (core's TagName), after it is trimmed and lower-cased
const TAG = /^[a-z0-9 _.:-]+$/;
const TAG_MAX = 128;
const TAGS_PER_REQUEST = 100;
const CAPACITY_GB = { min: 100, max: 250 };
// often enough to look live, rarely enough to leave the server alone
const CAPTURE_POLL_MS = 300;
const POWER_POLL_MS = 500;
const FINAL = new Set(["succeeded", "failed", "cancelled"]);

const form = {
  instances: [],
  volumes: [],
  // what the link asked for, chosen once its row is selectable (a stop may come first)
  wanted: { instance: null, volume: null },
  // the instances stopped from this page, watched until they are stopped
  stopping: new Set(),
  load: 0,
};
let created = async () => {};
// the image whose capture the page shows
let watched = null;
// every timer of the page checks that it is still this visit's: a new visit or a sign-out moves it
// on, and leaving the page hides it
let visit = 0;
const current = (mine) => mine === visit && !$("image-create").hidden;

/** Runs after an image was created and after its capture ended: the images list reads again. */
export function whenCreated(hook) {
  created = hook;
}

// ---- the rules the API applies, said as it says them

function nameProblem(name) {
  if (!name) return "Give the image a name.";
  if (name.length > NAME_MAX || !NAME.test(name)) {
    return (
      `The name '${name}' is invalid: use 1-63 lower-case letters, digits and hyphens, ` +
      "not ending with a hyphen and not all digits."
    );
  }
  if (name.startsWith("ibm-")) {
    return "Names starting with ibm- are reserved for IBM's stock images.";
  }
  return null;
}

/** The tags typed, as the server keeps them (trimmed, lower case, each once). */
function tagsOf(text) {
  return [...new Set(text.split(",").map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}

function tagsProblem(text) {
  const tags = tagsOf(text);
  if (tags.length > TAGS_PER_REQUEST) return `At most ${TAGS_PER_REQUEST} tags in one request.`;
  const bad = tags.find((tag) => tag.length > TAG_MAX || !TAG.test(tag));
  return bad === undefined
    ? null
    : `The tag '${bad}' is invalid: a tag is 1-128 letters, digits, spaces, underscores, ` +
        "hyphens, periods or colons.";
}

/**
 * Why the API would refuse to capture a volume, checked in the order it checks, with its words;
 * null when it would accept. `stop` names a running instance that the user can stop in place.
 * The volumes pages ask it too, so that every entry point says the same.
 */
export function refusal(volume, instancesById) {
  const attachment = volume.volume_attachments?.[0];
  const named = `Volume ${volume.name}`;
  if (attachment && attachment.type !== "boot") {
    return {
      why: `${named} is a data volume; an image can be made only from an instance's boot volume.`,
    };
  }
  if (!volume.operating_system) {
    return {
      why:
        `${named} has no operating system; ` +
        "only a boot volume made from an image can become an image.",
    };
  }
  if (!attachment) {
    return {
      why:
        `${named} is not attached to an instance; ` +
        "an image is made from the boot volume of a stopped instance.",
    };
  }
  const instance = instancesById.get(attachment.instance.id);
  const status = instance?.status;
  if (status !== "stopped") {
    return {
      why:
        `Instance ${attachment.instance.name} is ${status ?? "unknown"}; ` +
        "stop it before creating an image from its boot volume.",
      stop: status === "running" ? instance : null,
    };
  }
  if (volume.busy) {
    return { why: `${named} is busy with another image creation; wait for it to finish.` };
  }
  if (volume.capacity < CAPACITY_GB.min || volume.capacity > CAPACITY_GB.max) {
    return {
      why: `${named} is ${volume.capacity} GB; images are made from boot volumes of 100 to 250 GB.`,
    };
  }
  // the API does not check this, but a volume still being made or failed has nothing to capture
  if (volume.status !== "available") return { why: `${named} is ${volume.status}.` };
  return null;
}

// ---- reading the sources

/** Every item of a VPC collection, 100 at a time. */
async function everything(collection) {
  const all = [];
  let start = null;
  do {
    const query = new URLSearchParams({ limit: "100" });
    if (start) query.set("start", start);
    const page = await call(vpc(collection, query.toString()));
    all.push(...page[collection]);
    // next.href is absolute on the server's public URL; only its start token is needed here
    start = page.next ? new URL(page.next.href).searchParams.get("start") : null;
  } while (start);
  return all;
}

async function loadSources() {
  const load = ++form.load;
  const [instances, volumes] = await Promise.all([everything("instances"), everything("volumes")]);
  // the locks are labelled with their keys' names
  await learnNames(volumes.map((volume) => volume.encryption_key?.crn));
  if (load !== form.load) return;
  form.instances = instances;
  form.volumes = volumes;
  renderSources();
}

async function loadGroups() {
  const groups = (await call("../v2/resource_groups")).resources ?? [];
  const preferred = resourceGroup() || groups.find((group) => group.default)?.id;
  $("create-group").replaceChildren(
    ...groups.map((group) => {
      const option = el("option", "", group.name);
      option.value = group.id;
      option.selected = group.id === preferred;
      return option;
    }),
  );
}

// ---- the source lists

function stopButton(instance, text) {
  const button = el("button", "", text);
  button.type = "button";
  button.setAttribute("aria-label", `${text}: ${instance.name}`);
  button.addEventListener("click", () => attempt(() => stop(instance)));
  return button;
}

/**
 * A row of a source list: a radio labelled by the name, the reason it cannot be chosen under the
 * name (and read with the radio), and Stop in place of the choice when stopping would allow it.
 */
function sourceRow({ group, index, value, name, volume, status, instance, columns, problem, wanted }) {
  const id = `${group}-${index}`;
  const radio = el("input");
  radio.type = "radio";
  radio.name = group;
  radio.id = id;
  radio.value = value;
  radio.disabled = problem !== null;
  radio.checked = !radio.disabled && wanted;
  const what = el("td", "source-name");
  const text = el("label", "", name);
  text.htmlFor = id;
  // the volume a row would capture: a lock when a customer key encrypts it
  what.append(text, ...(volume ? lock(volume) : []));
  if (problem) {
    const why = el("p", "why", problem.why);
    why.id = `${id}-why`;
    radio.setAttribute("aria-describedby", why.id);
    what.append(why);
  }
  const action = el("td");
  if (problem?.stop && form.stopping.has(problem.stop.id)) {
    action.append(el("span", "", "Stopping…"));
  } else if (problem?.stop) {
    const text = group === "create-instance" ? "Stop" : "Stop attached instance";
    action.append(stopButton(problem.stop, text));
  }
  const tr = el("tr");
  if (instance) tr.dataset.instance = instance;
  const statusCell = cell(label(status));
  statusCell.className = `status status-${status}`;
  tr.append(cell(radio), what, statusCell, ...columns, action);
  return tr;
}

/** The ID in the row chosen in a source list, so that a re-read of the lists keeps the choice. */
function chosen(group) {
  return document.querySelector(`input[name="${group}"]:checked`)?.value ?? null;
}

function renderSources() {
  const instancesById = new Map(form.instances.map((instance) => [instance.id, instance]));
  const volumesById = new Map(form.volumes.map((volume) => [volume.id, volume]));
  const instanceChoice = chosen("create-instance") ?? form.wanted.instance;
  const volumeChoice = chosen("create-volume") ?? form.wanted.volume;

  const instanceRows = form.instances.map((instance, index) => {
    const boot = instance.boot_volume_attachment?.volume;
    const volume = volumesById.get(boot?.id);
    const problem = volume
      ? refusal(volume, instancesById)
      : { why: `Instance ${instance.name} has no boot volume to capture.` };
    return sourceRow({
      group: "create-instance",
      index,
      value: instance.id,
      name: instance.name,
      volume,
      status: instance.status,
      instance: instance.id,
      columns: [wide(cell(boot?.name))],
      problem,
      wanted: instance.id === instanceChoice,
    });
  });
  $("create-instance-rows").replaceChildren(...instanceRows);
  $("create-instance-empty").hidden = instanceRows.length > 0;

  // boot volumes only, and the one a link named even if it is not, so that it says why
  const shown = form.volumes.filter(
    (volume) =>
      volume.operating_system ||
      volume.volume_attachments?.some((attachment) => attachment.type === "boot") ||
      volume.id === volumeChoice,
  );
  const volumeRows = shown.map((volume, index) =>
    sourceRow({
      group: "create-volume",
      index,
      value: volume.id,
      name: volume.name,
      volume,
      status: volume.status,
      instance: volume.volume_attachments?.[0]?.instance?.id,
      columns: [
        wide(cell(`${volume.capacity} GB`)),
        wide(cell(volume.volume_attachments?.[0]?.instance?.name)),
      ],
      problem: refusal(volume, instancesById),
      wanted: volume.id === volumeChoice,
    }),
  );
  $("create-volume-rows").replaceChildren(...volumeRows);
  $("create-volume-empty").hidden = volumeRows.length > 0;

  const missing = [];
  if (form.wanted.instance && !instancesById.has(form.wanted.instance)) {
    missing.push(`No instance has the ID ${form.wanted.instance}.`);
  }
  if (form.wanted.volume && !volumesById.has(form.wanted.volume)) {
    missing.push(`No volume has the ID ${form.wanted.volume}.`);
  }
  problem("create-source-problem", missing.join(" ") || null);
  arrangeEncryption(sourceVolumeOf());
}

function wide(td) {
  td.classList.add("wide");
  return td;
}

function arrangeSource() {
  const byVolume = checked("create-source") === "volume";
  $("create-instances").hidden = byVolume;
  $("create-volumes").hidden = !byVolume;
}

/** The volume to capture: the chosen instance's boot volume, or the chosen volume. */
function sourceVolume() {
  if (checked("create-source") === "volume") return chosen("create-volume");
  const instance = form.instances.find((each) => each.id === chosen("create-instance"));
  return instance?.boot_volume_attachment?.volume?.id ?? null;
}

/** The chosen volume itself, whose key the encryption choice depends on. */
function sourceVolumeOf() {
  const id = sourceVolume();
  return form.volumes.find((volume) => volume.id === id) ?? null;
}

// ---- stopping an instance in place

async function stop(instance) {
  const mine = visit;
  await call(vpc(`instances/${instance.id}/actions`), { method: "POST", json: { type: "stop" } });
  form.stopping.add(instance.id);
  renderSources();
  // the stop is asked for, not done: the instance settles on its own, so it is watched
  for (;;) {
    const now = await call(vpc(`instances/${instance.id}`));
    if (!current(mine)) return;
    if (now.status !== "stopping") break;
    await pause(POWER_POLL_MS);
    if (!current(mine)) return;
  }
  form.stopping.delete(instance.id);
  await loadSources();
  // the Stop button had the focus; the radio that took its place gets it
  const byVolume = checked("create-source") === "volume";
  const rows = byVolume ? "create-volume-rows" : "create-instance-rows";
  const row = $(rows).querySelector(`tr[data-instance="${CSS.escape(instance.id)}"]`);
  const radio = row?.querySelector("input[type=radio]");
  if (radio && !radio.disabled) radio.focus();
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- the lifecycle toggle

function arrangeLifecycle() {
  const on = $("create-lifecycle").checked;
  $("create-lifecycle-fields").hidden = !on;
  const complete = checked("create-lifecycle-mode") === "complete";
  $("create-lifecycle-single").hidden = complete;
  $("create-lifecycle-complete").hidden = !complete;
  const by = checked("create-lifecycle-when");
  for (const field of document.querySelectorAll("#create-lifecycle-fields [data-by]")) {
    field.hidden = field.dataset.by !== by;
  }
  problem("create-lifecycle-problem", null);
}

/** The dates to send, as the lifecycle dialog would schedule them on a new (pending) image. */
function lifecycleDates() {
  if (!$("create-lifecycle").checked) return {};
  const by = checked("create-lifecycle-when");
  const choice =
    checked("create-lifecycle-mode") === "complete"
      ? {
          mode: "complete",
          deprecation: moment("create-deprecation-date", "create-deprecation-days", by),
          obsolescence: moment("create-obsolescence-date", "create-obsolescence-days", by),
        }
      : {
          mode: "single",
          target: $("create-lifecycle-target").value,
          moment: by,
          at: moment("create-lifecycle-date", "create-lifecycle-days", by),
        };
  return plan({ status: "pending" }, choice).patch;
}

// ---- checking and sending

/** The request the form describes, or null after showing each problem beside its field. */
function request() {
  const name = $("create-name").value.trim();
  const problems = [
    ["create-name-problem", nameProblem(name), $("create-name")],
    ["create-tags-problem", tagsProblem($("create-tags").value), $("create-tags")],
  ];
  const volume = sourceVolume();
  problems.push([
    "create-source-problem",
    volume ? null : "Choose an instance or a volume that can be captured.",
    document.querySelector("#create-source input[name=create-source]:checked"),
  ]);
  const key = encryptionKey();
  const byCrn = document.querySelector('input[name="create-encryption"][value="crn"]').checked;
  const keyField = $(byCrn ? "create-key-crn" : "create-key");
  problems.push(["create-encryption-problem", key?.problem ?? null, keyField]);
  let dates = {};
  try {
    dates = lifecycleDates();
    problems.push(["create-lifecycle-problem", null]);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const first = [...document.querySelectorAll("#create-lifecycle-fields input[data-by]")].find(
      (input) => input.offsetParent !== null,
    );
    problems.push(["create-lifecycle-problem", error.message, first]);
  }
  for (const [id, message] of problems) problem(id, message);
  const first = problems.find(([, message]) => message);
  if (first) {
    first[2]?.focus();
    return null;
  }
  return {
    name,
    resource_group: { id: $("create-group").value },
    source_volume: { id: volume },
    // without a key the image keeps the volume's: provider managed, or the volume's own key
    ...(key ? { encryption_key: { crn: key.crn } } : {}),
    ...dates,
  };
}

/** Runs an action of the page's, showing a refusal in the page's own error box. */
async function attempt(action) {
  const box = $("create-error");
  box.hidden = true;
  try {
    await action();
  } catch (error) {
    showError(error, box);
  }
}

async function submit() {
  const body = request();
  if (!body) return;
  $("create-submit").disabled = true;
  let image;
  try {
    image = await call(vpc("images"), { method: "POST", json: body });
  } finally {
    $("create-submit").disabled = false;
  }
  watch(image);
  // IBM's image prototype has no tags: they are attached once the image has its CRN
  for (const name of tagsOf($("create-tags").value)) await tag(image, name, "attach");
  await created();
}

// ---- the capture's progress

const UNITS = ["bytes", "KiB", "MiB", "GiB", "TiB"];

function bytes(count) {
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const STATES = {
  queued: "Queued: waiting for a worker to start the capture.",
  running: "Running: copying the volume.",
  succeeded: "Succeeded: the content is copied.",
  failed: "Failed.",
  cancelled: "Cancelled.",
};

function say(text) {
  // only a change is written, so that a screen reader hears each state once
  if ($("capture-state").textContent !== text) $("capture-state").textContent = text;
}

function showProgress(capture) {
  const total = capture.bytes_total ?? 0;
  const done = capture.bytes_done ?? 0;
  const percent = total > 0 ? Math.floor((done * 100) / total) : 0;
  $("capture-bar").max = Math.max(total, 1);
  $("capture-bar").value = done;
  $("capture-percent").textContent = `${percent}%`;
  $("capture-bytes").textContent = total > 0 ? `${bytes(done)} of ${bytes(total)}` : "—";
  $("capture-rate").textContent =
    capture.rate_bytes_per_second == null ? "—" : `${bytes(capture.rate_bytes_per_second)}/s`;
  // once the job has ended there is no time left to tell, only what it did
  const left = capture.state === "running" ? capture.eta_seconds : null;
  $("capture-eta").textContent = left == null ? "—" : duration(left);
  say(STATES[capture.state] ?? label(capture.state));
}

function showOutcome(image) {
  $("capture-cancel").hidden = true;
  $("capture-again").hidden = false;
  const result = $("capture-result");
  if (image.status === "failed") {
    const reasons = image.status_reasons ?? [];
    const codes = reasons.map((reason) => reason.code).join(", ");
    say(`The image failed: ${codes || "no reason given"}.`);
    const list = el("ul", "reasons");
    for (const reason of reasons) list.append(el("li", "", `${reason.code}: ${reason.message}`));
    result.replaceChildren(el("p", "", `${image.name} failed:`), list);
    return;
  }
  say(`The image is ${image.status}.`);
  const link = el("a", "", `Open ${image.name}`);
  link.href = `#/images/${encodeURIComponent(image.id)}`;
  const line = el("p", "", `${image.name} is ${image.status}: `);
  line.append(link);
  result.replaceChildren(line);
}

/** Shows a new image's capture and follows it until it ends, the page is left or a sign-out. */
function watch(image) {
  const mine = ++visit;
  watched = image;
  $("create-form").hidden = true;
  $("capture").hidden = false;
  $("capture-name").textContent = image.name;
  $("capture-result").replaceChildren();
  $("capture-cancel").hidden = false;
  $("capture-cancel").disabled = false;
  $("capture-again").hidden = true;
  showProgress({ state: "queued" });
  $("capture-title").focus();
  const tick = async () => {
    if (!current(mine)) return;
    try {
      const capture = await call(`../imprint/v1/images/${encodeURIComponent(image.id)}/capture`);
      if (!current(mine)) return;
      showProgress(capture);
      if (FINAL.has(capture.state)) {
        // the job and the image end in one transaction for a success or a cancel, not for a failure
        const now = await call(vpc(`images/${image.id}`));
        if (!current(mine)) return;
        if (now.status !== "pending") {
          showOutcome(now);
          await created();
          return;
        }
      }
    } catch (error) {
      if (mine === visit) showError(error, $("create-error"));
      return;
    }
    setTimeout(tick, CAPTURE_POLL_MS);
  };
  tick();
}

async function cancel() {
  $("capture-cancel").disabled = true;
  try {
    const path = `../imprint/v1/images/${encodeURIComponent(watched.id)}/capture/cancel`;
    await call(path, { method: "POST" });
  } catch (error) {
    $("capture-cancel").disabled = false;
    throw error;
  }
}

// ---- the page

/** A fresh form, its source chosen by the link that led here (`?instance=` or `?volume=`). */
function reset(query) {
  visit += 1;
  watched = null;
  form.stopping.clear();
  form.wanted = { instance: query.get("instance"), volume: query.get("volume") };
  $("create-form").reset();
  $("create-form").hidden = false;
  $("capture").hidden = true;
  $("create-error").hidden = true;
  document.querySelector(
    `input[name="create-source"][value="${form.wanted.volume ? "volume" : "instance"}"]`,
  ).checked = true;
  for (const id of [
    "create-name-problem",
    "create-tags-problem",
    "create-source-problem",
    "create-encryption-problem",
  ]) {
    problem(id, null);
  }
  resetEncryption();
  arrangeSource();
  arrangeLifecycle();
}

register("/images/create", "image-create", async (params, query) => {
  reset(query);
  form.instances = [];
  form.volumes = [];
  renderSources();
  $("create-title").focus();
  await Promise.all([loadGroups(), loadSources(), loadKeys()]);
});

onSignOut(() => {
  visit += 1;
  form.load += 1;
  watched = null;
  form.instances = [];
  form.volumes = [];
  form.stopping.clear();
  $("create-instance-rows").replaceChildren();
  $("create-volume-rows").replaceChildren();
  $("create-group").replaceChildren();
  $("create-form").reset();
  $("capture-result").replaceChildren();
  $("capture-name").textContent = "";
  resetEncryption();
});

$("create-form").addEventListener("submit", (event) => {
  event.preventDefault();
  attempt(submit);
});
for (const input of document.querySelectorAll('input[name="create-source"]')) {
  input.addEventListener("change", arrangeSource);
}
for (const input of document.querySelectorAll(
  'input[name="create-lifecycle-mode"], input[name="create-lifecycle-when"], #create-lifecycle',
)) {
  input.addEventListener("change", arrangeLifecycle);
}
// a problem shown goes once the field it is about changes
$("create-name").addEventListener("input", () => problem("create-name-problem", null));
$("create-tags").addEventListener("input", () => problem("create-tags-problem", null));
$("create-source").addEventListener("change", () => {
  problem("create-source-problem", null);
  arrangeEncryption(sourceVolumeOf());
});
$("create-encryption").addEventListener("change", () => problem("create-encryption-problem", null));
$("create-key-crn").addEventListener("input", () => problem("create-encryption-problem", null));
$("create-refresh").addEventListener("click", () => attempt(loadSources));
$("capture-cancel").addEventListener("click", () => attempt(cancel));
$("capture-again").addEventListener("click", () => {
  reset(new URLSearchParams());
  attempt(() => Promise.all([loadSources(), loadKeys()]));
  $("create-name").focus();
});
