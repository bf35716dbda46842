// The image details page: the VPC console's fields, who uses the image, its events, and its
// lifecycle drawn as a timeline.

import { ApiError, call, el, label, vpc, when } from "./api.js";
import { keyLink, learnNames, lock } from "./keys.js";
import { field, statusWithReasons } from "./parts.js";
import { $ } from "./ui.js";

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function sourceVolume(image) {
  const volume = image.source_volume;
  if (!volume) return "none (imported from a file)";
  if (volume.deleted) return `${volume.name} (${volume.id}): deleted`;
  const link = el("a", "", volume.name);
  link.href = `#/volumes/${encodeURIComponent(volume.id)}`;
  return link;
}

/** The lifecycle's points, oldest first, each past or scheduled against now. */
export function points(image, now = Date.now()) {
  const list = [{ name: "Created", at: new Date(image.created_at).getTime() }];
  if (image.deprecation_at) {
    list.push({ name: "Deprecation", at: new Date(image.deprecation_at).getTime() });
  }
  if (image.obsolescence_at) {
    list.push({ name: "Obsolescence", at: new Date(image.obsolescence_at).getTime() });
  }
  return list.map((point) => ({ ...point, past: point.at <= now }));
}

/** The timeline, as a picture and as a list that says the same for a screen reader. */
function timeline(image) {
  const now = Date.now();
  const marks = points(image, now);
  const first = Math.min(marks[0].at, now);
  const last = Math.max(now, ...marks.map((p) => p.at));
  const span = Math.max(last - first, 1);
  const width = 640;
  const x = (moment) => 40 + ((moment - first) / span) * (width - 80);
  // labels near an end grow inwards, so that none is cut off by the picture's edge
  const anchor = (at) => (at < width / 3 ? "start" : at > (2 * width) / 3 ? "end" : "middle");
  const picture = svg("svg", {
    viewBox: `0 0 ${width} 90`,
    class: "timeline",
    "aria-hidden": "true",
  });
  picture.append(svg("line", { x1: 20, y1: 45, x2: width - 20, y2: 45, class: "axis" }));
  picture.append(svg("line", { x1: 40, y1: 45, x2: x(now), y2: 45, class: "elapsed" }));
  marks.forEach((point, index) => {
    const state = point.past ? "past" : "scheduled";
    const group = svg("g", { class: `point ${state}`, "data-point": point.name.toLowerCase() });
    group.append(svg("circle", { cx: x(point.at), cy: 45, r: 7 }));
    // labels alternate above and below so that close dates stay readable
    const y = index % 2 ? 78 : 22;
    group.append(
      svg("text", { x: x(point.at), y, "text-anchor": anchor(x(point.at)) }, `${point.name} ${shortDate(point.at)}`),
    );
    picture.append(group);
  });
  const nowMark = svg("g", { class: "now" });
  nowMark.append(svg("line", { x1: x(now), y1: 30, x2: x(now), y2: 60 }));
  nowMark.append(svg("text", { x: x(now), y: 88, "text-anchor": anchor(x(now)) }, "now"));
  picture.append(nowMark);

  const list = el("ol", "timeline-list");
  for (const point of marks) {
    const item = el(
      "li",
      point.past ? "past" : "scheduled",
      `${point.name}: ${new Date(point.at).toLocaleString()} (${point.past ? "past" : "scheduled"})`,
    );
    list.append(item);
  }
  if (!image.deprecation_at && !image.obsolescence_at) {
    list.append(el("li", "", "No deprecation or obsolescence is scheduled."));
  }
  return [picture, list];
}

function shortDate(moment) {
  return new Date(moment).toLocaleDateString();
}

function consumers(found) {
  const items = [
    ...(found.instances ?? []).map((instance) => `Instance ${instance.name} (${instance.id})`),
    ...(found.volumes ?? []).map((volume) => `Volume ${volume.name} (${volume.id})`),
  ];
  if (!items.length) return [el("p", "empty", "No instance or volume was made from this image.")];
  const list = el("ul", "consumers");
  for (const item of items) list.append(el("li", "", item));
  return [list];
}

function events(found) {
  if (!found.events?.length) return [el("p", "empty", "No events.")];
  const rows = found.events.map((event) => {
    const tr = el("tr");
    tr.append(
      el("td", "", when(event.eventTime?.replace(/\+0000$/, "Z"))),
      el("td", "", event.action),
      el("td", "", event.outcome),
      el("td", "", event.initiator?.name ?? event.initiator?.id),
    );
    return tr;
  });
  const table = el("table", "events");
  const head = el("tr");
  for (const name of ["Time", "Action", "Outcome", "Initiator"]) {
    const th = el("th", "", name);
    th.scope = "col";
    head.append(th);
  }
  table.append(el("thead"), el("tbody"));
  table.tHead.append(head);
  table.tBodies[0].append(...rows);
  return [table];
}

function tags(found) {
  const items = (found.items ?? []).map((tag) => {
    const item = el("li", "tag", tag.name);
    const remove = el("button", "", "×");
    remove.type = "button";
    remove.dataset.tag = tag.name;
    remove.setAttribute("aria-label", `Remove tag ${tag.name}`);
    item.append(remove);
    return item;
  });
  return items.length ? items : [el("li", "empty", "No tags.")];
}

/**
 * Attaches or detaches a user tag (Global Tagging's shape). A refusal of the one resource comes
 * in a 200 answer, as IBM's does, and is thrown like any other.
 */
export async function tag(image, name, verb) {
  const answer = await call(`../v3/tags/${verb}?tag_type=user`, {
    method: "POST",
    json: { resources: [{ resource_id: image.crn }], tag_names: [name] },
  });
  const result = answer?.results?.[0];
  if (result?.is_error) {
    throw new ApiError(200, { errors: [{ message: result.message ?? `The tag was not ${verb}ed.` }] });
  }
}

/** Empties the page, so that no image's data outlives a sign-out or shows under another's name. */
export function clearDetails() {
  for (const id of ["details-name", "details-fields", "details-tags", "details-timeline", "details-consumers", "details-events"]) {
    $(id).replaceChildren();
  }
}

/** Reads an image and what uses it, and shows them; answers the image. */
export async function showDetails(id) {
  const image = await call(vpc(`images/${id}`));
  const [used, happened, tagged] = await Promise.all([
    call(`../imprint/v1/images/${encodeURIComponent(id)}/consumers`),
    call(`../imprint/v1/events?${new URLSearchParams({ "target.crn": image.crn, limit: "20" })}`),
    call(`../v3/tags?${new URLSearchParams({ tag_type: "user", attached_to: image.crn, limit: "1000" })}`),
    learnNames([image.encryption_key?.crn]),
  ]);
  $("details-name").replaceChildren(image.name, ...lock(image));
  const checksum = image.file?.checksums?.sha256;
  const size = image.file?.size;
  $("details-fields").replaceChildren(
    field("Name", image.name),
    field("ID", image.id),
    field("CRN", image.crn),
    field("Status", statusWithReasons(image, (reason) => `${reason.code}: ${reason.message}`)),
    field("Visibility", image.visibility),
    field("Operating system", image.operating_system?.display_name ?? image.operating_system?.name),
    field("Architecture", image.operating_system?.architecture),
    field("Resource group", image.resource_group?.name),
    field("Created", when(image.created_at)),
    field("File size", size === undefined ? null : `${size} GB`),
    field("Checksum (SHA256)", checksum),
    field("Encryption", label(image.encryption)),
    field("Encryption key", image.encryption_key ? keyLink(image.encryption_key.crn) : "none"),
    field("Source volume", sourceVolume(image)),
    field("Deprecation", when(image.deprecation_at)),
    field("Obsolescence", when(image.obsolescence_at)),
  );
  $("details-tags").replaceChildren(...tags(tagged));
  $("details-timeline").replaceChildren(...timeline(image));
  $("details-consumers").replaceChildren(...consumers(used));
  $("details-events").replaceChildren(...events(happened));
  return image;
}

/** What depends on an image, for the delete confirmation. */
export async function consumersOf(id) {
  return call(`../imprint/v1/images/${encodeURIComponent(id)}/consumers`);
}
