// Creating an instance from an image, as IBM's console does: only available images are offered,
// deprecated ones on request, obsolete ones never (the API refuses them).

import { ApiError, call, el, showError as showIn, vpc } from "./api.js";
import { encryptionChoice } from "./create-encryption.js";
import { readAll } from "./parts.js";
import { onSignOut, register } from "./router.js";
import { $, problem, resourceGroup } from "./ui.js";

const encryption = encryptionChoice("new-instance", "the boot volume");

const form = {
  images: [],
  profiles: [],
  vpcs: [],
  subnets: [],
  load: 0,
};

function option(value, text, selected = false) {
  const node = el("option", "", text);
  node.value = value;
  node.selected = selected;
  return node;
}

/** Fills a select, keeping the choice it had when that is still offered. */
function fill(select, options, preferred) {
  const keep = preferred ?? select.value;
  select.replaceChildren(...options);
  const values = [...select.options].map((o) => o.value);
  if (values.includes(keep)) select.value = keep;
}

function errorBox() {
  return $("new-instance-form").querySelector(".error");
}

function warn(text) {
  $("new-instance-image-warning").textContent = text ?? "";
  $("new-instance-image-warning").hidden = !text;
}

// ---- the choices

function offered(image) {
  return image.status === "available" || (image.status === "deprecated" && $("new-instance-deprecated").checked);
}

function imageOption(image) {
  return option(image.id, image.status === "deprecated" ? `${image.name} (deprecated)` : image.name);
}

function renderImages(preferred) {
  const byName = (a, b) => a.name.localeCompare(b.name);
  const groups = [
    ["Custom images", form.images.filter((i) => i.visibility === "private")],
    ["Stock images", form.images.filter((i) => i.visibility !== "private")],
  ].map(([name, images]) => {
    const group = el("optgroup");
    group.label = name;
    group.append(...images.filter(offered).sort(byName).map(imageOption));
    return group;
  });
  fill(
    $("new-instance-image"),
    [option("", "Choose an image"), ...groups.filter((g) => g.children.length)],
    preferred,
  );
  imageChosen();
}

function chosenImage() {
  return form.images.find((image) => image.id === $("new-instance-image").value);
}

/** Profiles that run the chosen image's architecture; the API refuses the others. */
function renderProfiles() {
  const architecture = chosenImage()?.operating_system?.architecture;
  const fits = (profile) =>
    !architecture ||
    (profile.os_architecture?.values ?? [profile.vcpu_architecture?.value]).includes(architecture);
  fill(
    $("new-instance-profile"),
    form.profiles
      .filter(fits)
      .map((p) => option(p.name, `${p.name}: ${p.vcpu_count?.value} vCPU, ${p.memory?.value} GB`)),
  );
}

function renderSubnets() {
  const zone = $("new-instance-zone").value;
  const vpcId = $("new-instance-vpc").value;
  const fitting = form.subnets.filter((s) => s.zone?.name === zone && s.vpc?.id === vpcId);
  // a required select with only an empty option stops the form from being sent
  fill(
    $("new-instance-subnet"),
    fitting.length
      ? fitting.map((s) => option(s.id, `${s.name} (${s.ipv4_cidr_block})`))
      : [option("", "No subnet of this VPC in this zone")],
  );
}

/** What "as the image" gives for the chosen image: its key, or provider-managed encryption. */
function describeInheritedEncryption(image) {
  const crn = image?.encryption === "user_managed" ? image.encryption_key?.crn : null;
  $("new-instance-encryption-image-note").textContent = !image
    ? "The boot volume takes the image's encryption."
    : crn
      ? `Image ${image.name} is encrypted with the customer key ${crn}: the boot volume takes that key.`
      : `Image ${image.name} is provider managed: so is the boot volume.`;
}

/** Shows the key problem beside the choice, or clears it; true when there is one. */
function keyProblem(message) {
  problem("new-instance-encryption-problem", message);
  return Boolean(message);
}

function imageChosen() {
  const image = chosenImage();
  describeInheritedEncryption(image);
  warn(
    image?.status === "deprecated"
      ? `${image.name} is deprecated: it still makes instances, but will become obsolete; prefer a newer image.`
      : null,
  );
  renderProfiles();
}

/**
 * The image a link asked for (`?image=`): chosen when it can make instances, the deprecated ones
 * shown when it is one of them, and otherwise the reason it cannot be chosen.
 */
async function preselect(id) {
  let image = form.images.find((candidate) => candidate.id === id);
  if (!image) {
    try {
      image = await call(vpc(`images/${encodeURIComponent(id)}`));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 404) throw error;
      warn(`No image has the ID ${id}.`);
      return;
    }
    warn(
      image.status === "obsolete"
        ? `${image.name} is obsolete: it cannot make instances. Choose another image.`
        : `${image.name} is ${image.status.replace(/_/g, " ")}: only available and deprecated images make instances.`,
    );
    return;
  }
  if (image.status === "deprecated") $("new-instance-deprecated").checked = true;
  renderImages(image.id);
}

// ---- opening and sending

async function open(query) {
  const mine = ++form.load;
  errorBox().hidden = true;
  warn(null);
  $("new-instance-deprecated").checked = false;
  $("new-instance-submit").disabled = false;
  encryption.reset("image");
  keyProblem(null);
  const [groups, regions, profiles, vpcs, subnets, images] = await Promise.all([
    call("../v2/resource_groups"),
    call(vpc("regions")),
    call(vpc("instance/profiles")),
    readAll(vpc("vpcs", "limit=100"), "vpcs"),
    readAll(vpc("subnets", "limit=100"), "subnets"),
    // obsolete, pending and failed images are never offered, so never read
    readAll(vpc("images", "limit=100&status=available,deprecated"), "images"),
    encryption.loadKeys(),
  ]);
  const region = regions.regions?.[0]?.name;
  const zones = region ? (await call(vpc(`regions/${encodeURIComponent(region)}/zones`))).zones : [];
  if (mine !== form.load) return;
  Object.assign(form, { images, profiles: profiles.profiles ?? [], vpcs, subnets });

  fill(
    $("new-instance-group"),
    (groups.resources ?? []).map((group) => option(group.id, group.name)),
    resourceGroup() || undefined,
  );
  fill($("new-instance-zone"), zones.map((zone) => option(zone.name, zone.name)));
  // the first VPC with a subnet in the zone, so that the form starts out sendable
  const zone = $("new-instance-zone").value;
  const usable = vpcs.find((v) => subnets.some((s) => s.vpc?.id === v.id && s.zone?.name === zone));
  fill(
    $("new-instance-vpc"),
    vpcs.map((v) => option(v.id, v.name)),
    usable?.id,
  );
  renderSubnets();
  renderImages("");
  const wanted = query.get("image");
  if (wanted) await preselect(wanted);
}

async function send(event) {
  event.preventDefault();
  const box = errorBox();
  box.hidden = true;
  const name = $("new-instance-name").value.trim();
  const key = encryption.encryptionKey();
  if (keyProblem(key?.problem)) {
    encryption.keyField().focus();
    return;
  }
  const prototype = {
    ...(name ? { name } : {}),
    resource_group: { id: $("new-instance-group").value },
    zone: { name: $("new-instance-zone").value },
    image: { id: $("new-instance-image").value },
    profile: { name: $("new-instance-profile").value },
    vpc: { id: $("new-instance-vpc").value },
    primary_network_interface: { subnet: { id: $("new-instance-subnet").value } },
    // without a key the boot volume takes the image's encryption
    ...(key ? { boot_volume_attachment: { volume: { encryption_key: { crn: key.crn } } } } : {}),
  };
  // one click, one instance: the button waits for the answer
  $("new-instance-submit").disabled = true;
  try {
    const created = await call(vpc("instances"), { method: "POST", json: prototype });
    $("new-instance-name").value = "";
    location.hash = `#/instances/${encodeURIComponent(created.id)}`;
  } catch (error) {
    showIn(error, box);
    box.scrollIntoView({ block: "nearest" });
  } finally {
    $("new-instance-submit").disabled = false;
  }
}

register("/instances/create", "instance-create", async (params, query) => {
  await open(query);
  $("new-instance-title").focus();
});
onSignOut(() => {
  form.load++;
  Object.assign(form, { images: [], profiles: [], vpcs: [], subnets: [] });
  $("new-instance-name").value = "";
  for (const id of ["new-instance-group", "new-instance-zone", "new-instance-image", "new-instance-profile", "new-instance-vpc", "new-instance-subnet"]) {
    $(id).replaceChildren();
  }
  encryption.reset("image");
  keyProblem(null);
});

$("new-instance-form").addEventListener("submit", send);
$("new-instance-deprecated").addEventListener("change", () => renderImages());
$("new-instance-image").addEventListener("change", imageChosen);
$("new-instance-zone").addEventListener("change", renderSubnets);
$("new-instance-vpc").addEventListener("change", renderSubnets);
$("new-instance-encryption").addEventListener("change", () => keyProblem(null));
$("new-instance-key-crn").addEventListener("input", () => keyProblem(null));
