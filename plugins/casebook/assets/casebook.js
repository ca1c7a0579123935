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

if (window.document$) window.document$.subscribe(run);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
else run();
