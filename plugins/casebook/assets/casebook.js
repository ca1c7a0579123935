// Entry point: runs every feature on each page view. Material's instant
// navigation swaps page content without reloading scripts, and `document$`
// emits once per view, so every feature's `init` must be idempotent.
import { init as filters } from "./filters.js";
import { init as similar } from "./similar.js";
import { init as selfChecks } from "./selfcheck.js";
import { init as hub } from "./hub.js";
import { init as plan } from "./plan.js";
import { init as jobDescription } from "./jobdesc.js";

const features = [filters, similar, selfChecks, hub, plan, jobDescription];

function run() {
  for (const feature of features) {
    try {
      feature(document);
    } catch (error) {
      console.error("casebook:", error);
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
