// Reading routes: the "mark as read" box on each page of a progress route, and the reader's
// progress on the route's own page. Marks live in the browser through store.js (a section per
// route, exported and imported with the self-check answers), keyed by page so that a tutor
// reordering the route keeps every mark.
import { getSection, setSection } from "./store.js";

const section = (route) => `route-${route}`;
const marks = (route) => {
  const read = getSection(section(route)).read;
  return read && typeof read === "object" ? read : {};
};

function save(route, key, on) {
  const read = { ...marks(route) };
  if (on) read[key] = new Date().toISOString().slice(0, 10);
  else delete read[key];
  return setSection(section(route), Object.keys(read).length ? { read } : {});
}

function bars(root) {
  for (const nav of root.querySelectorAll("nav.cb-route-top")) {
    if (nav.dataset.ready) continue;
    nav.dataset.ready = "1";
    const { route, key } = nav.dataset;
    const box = nav.querySelector("input.cb-mark");
    if (!box) continue;
    box.checked = Boolean(marks(route)[key]);
    box.addEventListener("change", () => {
      if (!save(route, key, box.checked)) box.checked = !box.checked; // storage refused: say nothing was kept
    });
    box.closest(".cb-route-mark").hidden = false;
  }
}

function page(root) {
  const el = root.querySelector(".cb-route-page[data-progress]");
  if (!el || el.dataset.ready) return;
  el.dataset.ready = "1";
  const { route } = el.dataset;
  const status = el.querySelector(".cb-route-progress");
  const reset = el.querySelector(".cb-route-reset");
  const steps = [...el.querySelectorAll(".cb-route-steps > li")];
  const show = () => {
    const read = marks(route);
    let n = 0;
    for (const li of steps) {
      const done = Boolean(read[li.dataset.key]);
      n += done;
      li.classList.toggle("cb-read", done);
      li.querySelector(".cb-route-done").hidden = !done;
    }
    status.textContent = `${n} of ${steps.length} steps read` + (n === steps.length ? ": route complete." : ".");
    status.hidden = false;
    reset.hidden = !n;
  };
  reset.addEventListener("click", () => {
    setSection(section(route), {});
    show();
    status.focus?.();
  });
  el.querySelector(".cb-route-print")?.addEventListener("click", () => print());
  for (const note of el.querySelectorAll(".cb-noscript-note")) note.hidden = true;
  show();
}

export function init(root) {
  bars(root);
  page(root);
}
