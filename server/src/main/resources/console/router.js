// The console's pages. Each module registers the paths it shows; the hash names the page (never
// the token), so that links, back and forward work: `#/images/{id}`, `#/instances/create?image=…`.

const pages = [];
const signOutHooks = [];
let signedIn = () => false;

/**
 * Registers a page: `path` is a template such as "/images/:id" (a ":name" segment matches one
 * segment, its value passed to `show` decoded), `element` the id of the page's <main>, and
 * `show(params, query)` fills it. Where two templates match, the one with more literal segments
 * wins, so "/images/create" is never taken for an image's ID whatever the order of registration.
 */
export function register(path, element, show) {
  const segments = path.split("/").filter(Boolean);
  pages.push({
    segments,
    element,
    show,
    literals: segments.filter((segment) => !segment.startsWith(":")).length,
  });
}

/** Called at sign-out: a page drops what it holds of the session's data. */
export function onSignOut(hook) {
  signOutHooks.push(hook);
}

function match(page, parts) {
  if (page.segments.length !== parts.length) return null;
  const params = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = page.segments[i];
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(parts[i]);
    else if (segment !== parts[i]) return null;
  }
  return params;
}

/** The page and parameters the current hash names; the images list when it names none. */
function resolve() {
  const hash = location.hash.replace(/^#/, "");
  const [path, query = ""] = hash.split("?", 2);
  const parts = path.split("/").filter(Boolean);
  let best = null;
  for (const page of pages) {
    const params = match(page, parts);
    if (params && (!best || page.literals > best.page.literals)) best = { page, params };
  }
  best ??= { page: pages.find((page) => page.segments.join("/") === "images"), params: {} };
  return { ...best, query: new URLSearchParams(query), section: parts[0] ?? "images" };
}

/** Shows the page the hash names, hiding every other. */
export async function route() {
  if (!signedIn()) return;
  const { page, params, query, section } = resolve();
  for (const other of pages) document.getElementById(other.element).hidden = other !== page;
  for (const link of document.querySelectorAll("nav.pages a[data-section]")) {
    if (link.dataset.section === section) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  await page.show(params, query);
}

/** Starts following the hash; `isSignedIn` tells whether pages may show. */
export function startRouting(isSignedIn, onError) {
  signedIn = isSignedIn;
  window.addEventListener("hashchange", () => route().catch(onError));
}

/** Hides every page and lets each forget the session's data. */
export function leaveAll() {
  for (const page of pages) document.getElementById(page.element).hidden = true;
  for (const hook of signOutHooks) hook();
}
