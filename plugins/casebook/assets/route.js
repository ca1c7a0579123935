// Reading routes: the "mark as read" box on each page of a progress route, and the reader's
// progress on the route's own page. Marks live in the browser through store.js (a section per
// route, exported and imported with the self-check answers), keyed by page so that a tutor
// reordering the route keeps every mark.
// store.js (which owns the storage format) loads when a mark changes or the route page shows
// progress; a page of the route only peeks at its mark, so it does not carry the whole store.
const section = (route) => `route-${route}`;
const store = () => import("./store.js");

// The marks as store.js keeps them (format 2), or null when they are in any other form: then
// store.js itself reads them.
function peek(route) {
  try {
    const raw = localStorage.getItem(`casebook:section:${section(route)}`);
    if (raw === null) return {};
    const record = JSON.parse(raw);
    const read = record?.format === 2 ? record.value?.read : undefined;
    return read && typeof read === "object" && !Array.isArray(read) ? read : null;
  } catch {
    return {};
  }
}

async function marks(route) {
  const quick = peek(route);
  if (quick) return quick;
  const read = (await store()).getSection(section(route)).read;
  return read && typeof read === "object" ? read : {};
}

async function save(route, key, on) {
  const { getSection, setSection } = await store();
  const kept = getSection(section(route)).read;
  const read = { ...(kept && typeof kept === "object" ? kept : {}) };
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
    marks(route).then((read) => {
      box.checked = Boolean(read[key]);
      box.closest(".cb-route-mark").hidden = false;
    });
    box.addEventListener("change", async () => {
      if (!(await save(route, key, box.checked))) box.checked = !box.checked; // storage refused: nothing kept
    });
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
  const show = async () => {
    const read = await marks(route);
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
  reset.addEventListener("click", async () => {
    (await store()).setSection(section(route), {});
    await show();
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
