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

// On paper a link shows where it leads: its full address, written out beside it (casebook.css).
addEventListener("beforeprint", () => {
  for (const a of document.querySelectorAll("article a[href]:not(.cb-tag, .headerlink, .md-button)")) {
    if (a.getAttribute("href").startsWith("#") || a.textContent.trim() === a.href) continue;
    a.dataset.print = a.href;
  }
});

// Once every feature of a page view has set itself up, `<html data-cb-ready>` says so: a check of
// the page as a reader sees it (the accessibility tests) waits for it rather than for the clock.
let views = 0;

function run() {
  const view = ++views;
  delete document.documentElement.dataset.cbReady;
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
