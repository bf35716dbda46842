// What every page shares: the page's error box, running a user's action, the chosen resource group.

import { showError as show } from "./api.js";

export const $ = (id) => document.getElementById(id);

/** Shows or clears a field's problem; the fields it describes are marked invalid with it. */
export function problem(id, message) {
  const box = $(id);
  box.textContent = message ?? "";
  box.hidden = !message;
  for (const field of document.querySelectorAll(`[aria-describedby~="${id}"]`)) {
    if (message) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  }
}

export function showError(error) {
  show(error, $("error"));
}

export function clearError() {
  $("error").hidden = true;
}

/** Runs an action of the user's, showing the API's refusal if there is one. */
export function act(action) {
  return async (event) => {
    event?.preventDefault();
    clearError();
    try {
      await action(event);
    } catch (error) {
      // the server unreachable (fetch's TypeError), or a fault of the console's own, shows too
      showError(error);
    }
  };
}

/** The resource group the header's switcher names, or "" for all of them. */
export function resourceGroup() {
  return $("resource-group").value;
}
