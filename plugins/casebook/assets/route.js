// Reading routes: the reader's route, the bar of each page on it (mark as read, top and end), the
// reader's progress on the route's own page, and "continue where you left off" on the home page.
// Marks live in the browser through store.js (a section per route, exported and imported with the
// self-check answers), keyed by page so that a tutor reordering the route keeps every mark.
// store.js (which owns the storage format) loads when a mark changes or the route page shows
// progress; a page of the route only peeks at its mark, so it does not carry the whole store.
const section = (route) => `route-${route}`;
const store = () => import("./store.js");

// "The reader's route": the one they opened last, or followed a link from (a route page's step, a
// bar's previous or next), with the step they last opened on it. One small record, this browser only.
const WHERE = "casebook:where";
/** @returns {{route?: string, title?: string, url?: string, step?: number, stepTitle?: string, stepUrl?: string}} */
export function recall() {
  try {
    const where = JSON.parse(localStorage.getItem(WHERE) || "{}");
    return where && typeof where === "object" && typeof where.route === "string" ? where : {};
  } catch {
    return {};
  }
}
function note(where) {
  try {
    localStorage.setItem(WHERE, JSON.stringify(where));
  } catch {
    // Storage refused: the bars still work, the home page just cannot offer to continue.
  }
}
// Addresses are kept from the site's root: the home page reads them from another folder.
const path = (href) => new URL(href, location.href).pathname;

// A link followed from a route's page or bar makes that route the reader's (a page on two routes then
// shows the bar of the one they came by).
addEventListener("click", (event) => {
  const from = event.target.closest?.("a[href]")?.closest("[data-route]");
  if (!from) return;
  const old = recall();
  const { route, routeTitle, routeUrl, title } = from.dataset;
  if (old.route !== route) note({ route, title: routeTitle || title, url: routeUrl ? path(routeUrl) : location.pathname });
}, true);

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

async function save(route, read) {
  return (await store()).setSection(section(route), Object.keys(read).length ? { read } : {});
}

async function mark(route, key, on) {
  const { getSection } = await store();
  const kept = getSection(section(route)).read;
  const read = { ...(kept && typeof kept === "object" ? kept : {}) };
  if (on) read[key] = new Date().toISOString().slice(0, 10);
  else delete read[key];
  return save(route, read);
}

// A page on several routes carries a bar of each; the first of each place shows (casebook.css), so the
// chosen route's bars move first: nothing appears or disappears, so nothing below moves.
function choose(root) {
  const tops = [...root.querySelectorAll("nav.cb-route-top")];
  if (!tops.length) return null;
  const where = recall();
  const chosen = tops.find((nav) => nav.dataset.route === where.route) || tops[0];
  for (const place of ["top", "bottom"]) {
    const navs = [...root.querySelectorAll(`nav.cb-route-${place}`)];
    const mine = navs.find((nav) => nav.dataset.route === chosen.dataset.route);
    if (mine && mine !== navs[0]) navs[0].before(mine);
  }
  if (!where.route || where.route === chosen.dataset.route) {
    const d = chosen.dataset;
    note({ route: d.route, title: d.routeTitle, url: path(d.routeUrl), step: Number(d.step), stepTitle: d.title,
      stepUrl: location.pathname + location.hash });
  }
  return chosen.dataset.route;
}

function bars(root) {
  const route = choose(root);
  if (!route) return;
  const navs = [...root.querySelectorAll(`nav.cb-route[data-route="${route}"]`)];
  if (navs.some((nav) => nav.dataset.ready)) return;
  const boxes = navs.map((nav) => nav.querySelector("input.cb-mark")).filter(Boolean);
  const { key } = navs[0].dataset;
  for (const nav of navs) nav.dataset.ready = "1";
  marks(route).then((read) => {
    for (const box of boxes) {
      box.checked = Boolean(read[key]);
      box.closest(".cb-route-mark").hidden = false;
    }
  });
  // The box at the top and the one at the end are one mark.
  for (const box of boxes) {
    box.addEventListener("change", async () => {
      const on = box.checked;
      for (const other of boxes) other.checked = on;
      if (!(await mark(route, key, on))) for (const other of boxes) other.checked = !on; // storage refused
    });
  }
}

function page(root) {
  const el = root.querySelector(".cb-route-page[data-progress]");
  if (!el || el.dataset.ready) return;
  el.dataset.ready = "1";
  const { route } = el.dataset;
  // Opening a route makes it the reader's route (its step is kept when it already was).
  const where = recall();
  if (where.route !== route) note({ route, title: el.dataset.title, url: location.pathname });
  const status = el.querySelector(".cb-route-progress");
  const reset = el.querySelector(".cb-route-reset");
  const undo = el.querySelector(".cb-route-undo");
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
  // Clearing the marks is the reader's work gone: it offers to undo, until the next change.
  let before = null;
  reset.addEventListener("click", async () => {
    before = { ...(await marks(route)) };
    const n = Object.keys(before).length;
    if (!(await save(route, {}))) return;
    await show();
    if (undo) {
      undo.firstElementChild.textContent = `${n} mark${n === 1 ? "" : "s"} cleared.`;
      undo.hidden = false;
      undo.querySelector("button").focus();
    } else status.focus?.();
  });
  undo?.querySelector("button").addEventListener("click", async () => {
    if (before && (await save(route, before))) {
      undo.hidden = true;
      before = null;
      await show();
      status.setAttribute("tabindex", "-1");
      status.focus();
    }
  });
  el.querySelector(".cb-route-print")?.addEventListener("click", () => print());
  for (const hint of el.querySelectorAll(".cb-noscript-note")) hint.hidden = true;
  show();
}

// The home page: the route and step the reader was on, and the self-check they answered last.
function resume(root) {
  const el = root.querySelector(".cb-continue");
  if (!el || el.dataset.ready) return;
  el.dataset.ready = "1";
  const where = recall();
  const parts = [];
  const link = (href, text) => Object.assign(document.createElement("a"), { href, textContent: text });
  if (where.route && where.url) {
    const p = document.createElement("p");
    if (where.step && where.stepUrl) {
      p.append("Your route: ", link(where.url, where.title || "your route"), `, step ${where.step}: `,
        link(where.stepUrl, where.stepTitle || `step ${where.step}`), ".");
    } else p.append("Your route: ", link(where.url, where.title || "your route"), ", not started yet.");
    parts.push(p);
  }
  let checks = {};
  try {
    checks = JSON.parse(el.dataset.checks || "{}");
  } catch {}
  let last = null;
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (!k?.startsWith("casebook:selfcheck:")) continue;
      const id = k.slice("casebook:selfcheck:".length);
      const updated = JSON.parse(localStorage.getItem(k))?.updated;
      if (checks[id] && typeof updated === "string" && (!last || updated > last.updated)) last = { id, updated };
    }
  } catch {}
  if (last) {
    const p = document.createElement("p");
    const [title, url] = checks[last.id];
    p.append("Self-check last answered: ", link(url, title), ` (${last.updated.slice(0, 10)}).`);
    parts.push(p);
  }
  if (!parts.length) return;
  el.querySelector(".cb-continue-body").replaceChildren(...parts);
  el.hidden = false;
}

export function init(root) {
  bars(root);
  page(root);
  resume(root);
}
