// The schedule-lifecycle dialog: the API's lifecycle rules checked before submit, so that a
// refusal is explained where the dates are chosen; the API still decides and its message is shown.

import { call, el, label, Refusal, showError, vpc, when } from "./api.js";
import { $ } from "./ui.js";

const DAY_MS = 86_400_000;

/** The statuses an image can be moved to from its own, as the API allows. */
export function reachable(image) {
  switch (image.status) {
    case "available":
    case "pending":
      return ["deprecated", "obsolete"];
    case "deprecated":
      return ["obsolete"];
    default:
      return [];
  }
}

/** A change the console refuses before asking the API, with the reason. */
export { Refusal };

const at = (date) => (date ? new Date(date).getTime() : null);

/** What to send for the user's choice, or a Refusal saying which rule it breaks. */
export function plan(image, choice, now = Date.now()) {
  const deprecation = at(image.deprecation_at);
  const obsolescence = at(image.obsolescence_at);
  const future = (moment, what) => {
    if (!Number.isFinite(moment)) throw new Refusal(`Give the ${what} date.`);
    if (moment <= now) throw new Refusal(`The ${what} date must lie in the future.`);
  };
  if (choice.mode === "complete") {
    if (image.status !== "available" && image.status !== "pending") {
      throw new Refusal("Only an available image can be given a complete lifecycle.");
    }
    future(choice.deprecation, "deprecation");
    future(choice.obsolescence, "obsolescence");
    if (choice.obsolescence <= choice.deprecation) {
      throw new Refusal("The obsolescence must come after the deprecation.");
    }
    return {
      patch: {
        deprecation_at: new Date(choice.deprecation).toISOString(),
        obsolescence_at: new Date(choice.obsolescence).toISOString(),
      },
    };
  }
  if (!reachable(image).includes(choice.target)) {
    throw new Refusal(`A ${image.status} image cannot become ${choice.target}.`);
  }
  if (choice.target === "deprecated") {
    if (choice.moment === "now") {
      if (image.status !== "available" || deprecation !== null) {
        throw new Refusal(
          "Deprecating now needs an available image with no deprecation date: reset the scheduled one first.",
        );
      }
      return { action: "deprecate" };
    }
    future(choice.at, "deprecation");
    if (obsolescence !== null && choice.at >= obsolescence) {
      throw new Refusal(
        `The deprecation must come before the obsolescence (${when(image.obsolescence_at)}).`,
      );
    }
    return { patch: { deprecation_at: new Date(choice.at).toISOString() } };
  }
  if (choice.moment === "now") {
    if (image.status === "pending") {
      throw new Refusal("A pending image can only be given dates, not changed now.");
    }
    if ((deprecation !== null && deprecation > now) || obsolescence !== null) {
      throw new Refusal(
        "Making it obsolete now needs no scheduled deprecation and no obsolescence date: reset them first.",
      );
    }
    return { action: "obsolete" };
  }
  future(choice.at, "obsolescence");
  if (deprecation !== null && choice.at <= deprecation) {
    throw new Refusal(
      `The obsolescence must come after the deprecation (${when(image.deprecation_at)}).`,
    );
  }
  return { patch: { obsolescence_at: new Date(choice.at).toISOString() } };
}

// ---- the dialog

let current = null;
let changed = async () => {};

const checked = (name) => document.querySelector(`input[name="${name}"]:checked`).value;

/**
 * A moment from a datetime-local field (the browser's time zone) or a number of days from now; the
 * fields are named by their ids. NaN when the one to read is empty, which plan() refuses.
 */
export function moment(dateField, daysField, by) {
  if (by === "days") {
    const days = Number($(daysField).value);
    return $(daysField).value && days > 0 ? Date.now() + days * DAY_MS : NaN;
  }
  return $(dateField).value ? new Date($(dateField).value).getTime() : NaN;
}

function choice() {
  const by = checked("lifecycle-when");
  if (checked("lifecycle-mode") === "complete") {
    return {
      mode: "complete",
      deprecation: moment("lifecycle-deprecation-date", "lifecycle-deprecation-days", by),
      obsolescence: moment("lifecycle-obsolescence-date", "lifecycle-obsolescence-days", by),
    };
  }
  return {
    mode: "single",
    target: $("lifecycle-target").value,
    moment: by,
    at: moment("lifecycle-date", "lifecycle-days", by),
  };
}

/** Shows the fields of the chosen mode and way of giving dates. */
function arrange() {
  const complete = checked("lifecycle-mode") === "complete";
  const now = $("lifecycle-now");
  now.disabled = complete;
  if (complete && now.checked) $("lifecycle-by-days").checked = true;
  const by = checked("lifecycle-when");
  $("lifecycle-single").hidden = complete;
  $("lifecycle-complete").hidden = !complete;
  for (const field of document.querySelectorAll("#lifecycle-dialog [data-by]")) {
    field.hidden = field.dataset.by !== by;
  }
  $("lifecycle-dialog").querySelector(".error").hidden = true;
}

function resetButton(field, text) {
  const button = el("button", "", `Reset ${text} (${when(current[field])})`);
  button.type = "button";
  button.addEventListener("click", () =>
    submit(async () => call(vpc(`images/${current.id}`), { patch: { [field]: null } })),
  );
  return button;
}

async function submit(send) {
  const box = $("lifecycle-dialog").querySelector(".error");
  box.hidden = true;
  try {
    await send();
  } catch (error) {
    showError(error, box);
    if (error instanceof Refusal) box.querySelector(".error-trace").textContent = "not sent";
    return;
  }
  $("lifecycle-dialog").close();
  await changed();
}

/** Opens the dialog for an image; `onChange` runs after the API accepted a change. */
export function openLifecycle(image, onChange) {
  current = image;
  changed = onChange;
  $("lifecycle-form").reset();
  $("lifecycle-image").textContent = `${image.name}: ${label(image.status)}`;
  const targets = reachable(image);
  $("lifecycle-target").replaceChildren(
    ...targets.map((target) => {
      const option = el("option", "", label(target));
      option.value = target;
      return option;
    }),
  );
  $("lifecycle-none").hidden = targets.length > 0;
  $("lifecycle-choose").hidden = targets.length === 0;
  $("lifecycle-save").disabled = targets.length === 0;
  $("lifecycle-complete-mode").disabled = !["available", "pending"].includes(image.status);
  const resets = [];
  if (image.deprecation_at) resets.push(resetButton("deprecation_at", "deprecation date"));
  if (image.obsolescence_at) resets.push(resetButton("obsolescence_at", "obsolescence date"));
  $("lifecycle-resets").replaceChildren(...resets);
  $("lifecycle-reset").hidden = resets.length === 0;
  arrange();
  $("lifecycle-dialog").showModal();
}

for (const input of document.querySelectorAll(
  'input[name="lifecycle-mode"], input[name="lifecycle-when"]',
)) {
  input.addEventListener("change", arrange);
}
$("lifecycle-cancel").addEventListener("click", () => $("lifecycle-dialog").close());
$("lifecycle-form").addEventListener("submit", (event) => {
  event.preventDefault();
  submit(async () => {
    const what = plan(current, choice());
    if (what.action) {
      await call(vpc(`images/${current.id}/${what.action}`), { method: "POST" });
    } else {
      await call(vpc(`images/${current.id}`), { patch: what.patch });
    }
  });
});
