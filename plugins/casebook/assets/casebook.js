// Entry point: runs each feature on the page views that have its element.
// Material's instant navigation swaps page content without reloading scripts,
// and `document$` emits once per view, so every feature's `init` is idempotent.
// Every feature loads on demand, so a page carries only the code it uses (the
// budget test: 15 KB gzipped a page). "Find schools like mine" starts after the
// filters, whose events it follows; a module loads once and then answers at once.
const filters = () => import("./filters.js");

const features = [
  [".cb-library", filters],
  [".cb-similar", () => filters().then(() => import("./similar.js"))],
  [".cb-selfcheck", () => import("./selfcheck.js")],
  [".cb-hub", () => import("./hub.js")],
  [".cb-plan", () => import("./plan.js")],
  [".cb-standing", () => import("./standing.js")],
  [".cb-jd-form", () => import("./jobdesc.js")],
  [".cb-route, .cb-route-page, .cb-continue", () => import("./route.js")],
  [".cb-compare", () => import("./compare.js")],
  [".cb-back, .cb-print-page", () => import("./moves.js")],
  [".cb-form", () => import("./form.js")], // with its validator: only the Add your school page loads them
  [".cb-offline", () => import("./offline.js")],
];

// A link into a filtered library (its fragment names the filter, `#f-...`) lands on the results.
// Material's instant navigation and its URL tracking may rewrite the fragment, so the wish is noted
// for filters.js here, at the click.
addEventListener("click", (event) => {
  if (event.target.closest?.('a[href*="#f-"]')) {
    try {
      sessionStorage.setItem("casebook:land", "1");
    } catch {}
  }
}, true);

// Links built from page state follow the state (issue 27): an in-page link ("Skip to the results", the
// table of contents, a heading's permalink) was written when the page loaded (Material makes it
// absolute), so following it after ticking a filter dropped the filters from the address. Just before
// it is followed, hovered, focused or copied, such a link takes the address's current query. Followed,
// the jump is made here: Material's instant navigation (and its handling of the browser's own jump) does
// not know the query the filters wrote, and would load the page again.
// A link with a query of its own asks for that state (a filter tag, `#f-...`) and is left alone. The query
// this view was opened with is not a link's own, nor is the current one: Material writes in-page links out
// in full with the address the page was opened with, and a hover writes the current query in. (Taken for
// a link's own, they left a hovered "Skip to the results" to Material, which loaded the page again and,
// on a slow machine, landed at its top: issue 23.)
let opened = location.search;
function keepState(event) {
  const a = event.target.closest?.("a[href]");
  if (!a) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname !== location.pathname || !url.hash) return;
  if (url.search && (url.hash.startsWith("#f-") || (url.search !== opened && url.search !== location.search))) return;
  if (!url.search && !location.search) return; // no state to keep
  a.href = location.pathname + location.search + url.hash;
  if (event.type !== "click" || event.defaultPrevented || event.button || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  event.stopPropagation();
  history.pushState(history.state, "", a.href);
  const target = document.getElementById(decodeURIComponent(url.hash.slice(1)));
  target?.scrollIntoView();
  if (target?.hasAttribute("tabindex") || target?.matches("a[href], input, select, textarea, button")) target.focus({ preventScroll: true });
}
for (const type of ["click", "focusin", "pointerover", "contextmenu"]) addEventListener(type, keepState, true);

// On paper a link shows where it leads: its full address, written out beside it (casebook.css).
addEventListener("beforeprint", () => {
  for (const a of document.querySelectorAll("article a[href]:not(.cb-tag, .headerlink, .md-button)")) {
    if (a.getAttribute("href").startsWith("#") || a.textContent.trim() === a.href) continue;
    a.dataset.print = a.href;
  }
});

// A library's filters are the second stop from the keyboard (29 Tabs before): a skip link beside
// Material's "Skip to content", shown when focused, on the page views that have filters.
function skipToFilters() {
  const box = document.querySelector(".cb-library form.cb-filters input[type=search]");
  let link = document.querySelector("a.cb-skip-filters");
  if (!box) return link?.remove();
  if (!link) {
    link = Object.assign(document.createElement("a"), { className: "md-skip cb-skip-filters", textContent: "Skip to the filters" });
    const material = document.querySelector(".md-skip:not(.cb-skip-filters)"); // only on pages with a contents list
    if (material) material.after(link);
    else document.body.prepend(link);
    // Focus moves to the search box itself (instant navigation would only scroll to it).
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.hash.slice(1));
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      target.focus();
    });
  }
  link.href = `#${box.id}`;
}

// Once every feature of a page view has set itself up, `<html data-cb-ready>` says so: a check of
// the page as a reader sees it (the accessibility tests) waits for it rather than for the clock.
let views = 0;

function run() {
  const view = ++views;
  opened = location.search;
  delete document.documentElement.dataset.cbReady;
  skipToFilters();
  const started = [];
  for (const [selector, load] of features) {
    if (!document.querySelector(selector)) continue;
    const feature = load();
    if (feature instanceof Promise) {
      started.push(feature.then((module) => module.init(document)).catch((error) => console.error("casebook:", error)));
    } else {
      try {
        feature.init(document);
      } catch (error) {
        console.error("casebook:", error);
      }
    }
  }
  Promise.allSettled(started).then(() => {
    if (view === views) document.documentElement.dataset.cbReady = "";
  });
}

// Material's search dialog has no accessible name (axe: aria-dialog-name); search needs JS anyway.
const search = document.querySelector(".md-search[role=dialog]");
if (search) search.setAttribute("aria-label", "Search");

if (window.document$) window.document$.subscribe(run);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
else run();

// Offline support (sw.js, at the site root so that its scope covers every page). What this
// page loaded before the worker took control is handed to it to keep.
if ("serviceWorker" in navigator && location.protocol.startsWith("http")) {
  navigator.serviceWorker
    .register(new URL("../../sw.js", import.meta.url))
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => {
      const own = performance.getEntriesByType("resource").map((e) => e.name);
      const urls = [location.href.split("#")[0], ...own].filter((url) => url.startsWith(location.origin));
      reg.active.postMessage({ cache: urls });
    })
    .catch(() => {});
}
