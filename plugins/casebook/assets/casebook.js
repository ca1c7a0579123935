// Entry point: runs each feature on the page views that have its element.
// Material's instant navigation swaps page content without reloading scripts,
// and `document$` emits once per view, so every feature's `init` is idempotent.
// Filtering is imported up front: it must be ready in the same turn as the page
// view, or the back button can restore a list before its filters. The other
// features load on demand, so a page carries only the code it uses.
import * as filters from "./filters.js";
import * as similar from "./similar.js";

const features = [
  [".cb-library", () => filters],
  [".cb-similar", () => similar],
  [".cb-selfcheck", () => import("./selfcheck.js")],
  [".cb-hub", () => import("./hub.js")],
  [".cb-plan", () => import("./plan.js")],
  [".cb-jd-form", () => import("./jobdesc.js")],
  [".cb-route, .cb-route-page", () => import("./route.js")],
  [".cb-compare", () => import("./compare.js")],
  [".cb-form", () => import("./form.js")], // with its validator: only the Add your school page loads them
  [".cb-offline", () => import("./offline.js")],
];

// On a record page: its library is marked in the navigation (records are not listed there), and
// "back to the library" returns to the filters the reader left it with (filters.js keeps them
// for this tab). Without JavaScript the link leads to the whole library.
function backToLibrary() {
  const back = document.querySelectorAll("a.cb-back");
  if (!back.length) return;
  const path = new URL(back[0].href).pathname;
  let query = null;
  try {
    query = sessionStorage.getItem(`casebook:filters:${path}`);
  } catch {}
  if (query) for (const a of back) a.search = query;
  for (const a of document.querySelectorAll(".md-sidebar--primary a.md-nav__link")) {
    if (new URL(a.href).pathname === path) a.classList.add("md-nav__link--active", "cb-nav-here");
  }
}

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

function run() {
  backToLibrary();
  for (const b of document.querySelectorAll(".cb-print-page")) {
    b.hidden = false;
    b.onclick = () => print();
  }
  for (const [selector, load] of features) {
    if (!document.querySelector(selector)) continue;
    const feature = load();
    if (feature instanceof Promise) {
      feature.then((module) => module.init(document)).catch((error) => console.error("casebook:", error));
    } else {
      try {
        feature.init(document);
      } catch (error) {
        console.error("casebook:", error);
      }
    }
  }
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
