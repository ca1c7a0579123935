// Action plan: every practice the reader answered "not yet" or "in progress", and every
// reflection they flagged to act on, with what to read next and the plan's own fields: what we will
// do (at most ACTION_MAX characters, with a counter), an owner, a due date and a status (not
// started, in progress, done), saved with the answers (store.js, format 3). An item marked done
// moves to a Done section with the day it was marked, and stays there, so the plan shows progress
// over time. Headed with the school's name (kept in the store's "action-plan" section), the date
// and the self-checks it draws on; grouped by self-check, by owner, or in due-date order
// (`?order=owner|due` in the URL). Prints as one compact table (`.cb-plan-sheet`); downloads as
// Markdown or CSV, built in the browser. An empty plan offers neither.
let store; // assets/store.js, fetched only on the plan page

const OPEN = ["not-yet", "in-progress"];
const ORDERS = { check: "By self-check", owner: "By owner", due: "By due date" };
const ACT = "Act on this";
// Question text is contributed Markdown: show it as plain text, never as markup.
export const plain = (md) =>
  md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*`]/g, "").replace(/\s+/g, " ").trim();
export const line = (s) => (s || "").replace(/\s+/g, " ").trim();
export const abs = (url) => new URL(url, location.href).href;
// A date is saved when its field is left; closing or leaving the page while in the field is
// leaving it too. (`blur` runs the field's own check and save, synchronously, before the page goes.)
addEventListener("pagehide", () => {
  const field = document.activeElement;
  if (field?.matches?.(".cb-plan-due input[type=date]")) field.blur();
});

const el = (tag, props, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids.filter((k) => k !== null && k !== undefined));
  return e;
};
export const label = (i) => (i.kind === "reflection" ? ACT : store.STATUSES[i.a.status]);

export function init(root) {
  const plan = root.querySelector(".cb-plan");
  if (!plan || plan.dataset.cbReady) return;
  plan.dataset.cbReady = "1";
  // Returned, so that the page view is marked ready (casebook.js) once the plan is drawn.
  return import("./store.js")
    .then(async (module) => {
      store = module;
      await store.styles("plan");
      setup(root, plan);
    })
    .catch((error) => console.error("casebook:", error));
}

// The items, read fresh from storage each time they are needed, in self-check order: the open
// ones, and those marked done (they stay, whatever the answer says now). `done` holds the latter.
function collect(checks) {
  const items = [];
  const done = [];
  const dropped = [];
  for (const check of checks) {
    const loaded = store.load(check);
    dropped.push(...loaded.dropped.map((d) => `${check.title}: ${d}`));
    for (const [qid, q] of check.questions) {
      const a = loaded.answers[qid];
      const kind = q.kind === "reflection" ? "reflection" : "practice";
      const item = { check, qid, q, a, kind, url: `${check.url.split("#")[0]}#q-${check.id}-${qid}` };
      if (a && a.step === "done") done.push(item);
      else if (kind === "reflection" ? a && a.act === true : a && OPEN.includes(a.status)) items.push(item);
    }
  }
  // Most recently done first.
  done.sort((x, y) => (y.a.done || "").localeCompare(x.a.done || ""));
  return { items, done, dropped };
}

// Items in the chosen order, as [heading or null, items] groups.
function arrange(items, order) {
  const by = (list, key) => {
    const groups = new Map();
    for (const i of list) groups.set(key(i), [...(groups.get(key(i)) || []), i]);
    return [...groups];
  };
  const due = (a, b) => (a.a.due || "9999").localeCompare(b.a.due || "9999");
  if (order === "owner") {
    const owner = (i) => line(i.a.owner);
    const sorted = [...items].sort((a, b) => (!owner(a) - !owner(b)) || owner(a).localeCompare(owner(b)) || due(a, b));
    return by(sorted, (i) => owner(i) || "No owner yet");
  }
  if (order === "due") return [[null, [...items].sort(due)]];
  return by(items, (i) => i.check);
}

function setup(root, plan) {
  const { catalogue, download, getSection, humanDate, isoDay, plural, setSection } = store;
  const checks = catalogue(root);
  const status = plan.querySelector(".cb-plan-status");
  const body = plan.querySelector(".cb-plan-body");
  const school = plan.querySelector(".cb-plan-school-input");
  const orderSelect = plan.querySelector(".cb-plan-order");
  const params = new URLSearchParams(location.search);
  let order = Object.hasOwn(ORDERS, params.get("order") || "") ? params.get("order") : "check";
  orderSelect.value = order;
  school.value = typeof getSection("action-plan").school === "string" ? getSection("action-plan").school : "";

  const heading = (items) => {
    const name = line(school.value);
    plan.querySelector(".cb-plan-heading").textContent = name ? `Action plan for ${name}` : "Action plan for your school";
    plan.querySelector(".cb-plan-date").textContent = humanDate(isoDay());
    const used = [...new Set(items.map((i) => i.check))];
    const from = plan.querySelector(".cb-plan-from");
    from.replaceChildren(
      ...(used.length
        ? used.flatMap((c, n) => [n ? "; " : "", el("a", { href: c.url, textContent: c.title })])
        : ["no self-check yet"]),
    );
  };

  const render = (focus) => {
    const { items, done, dropped } = collect(checks);
    const groups = arrange(items, order);
    body.replaceChildren();
    for (const [title, list] of groups) {
      const h = title === null ? null
        : el("h3", {}, typeof title === "string" ? title : el("a", { href: title.url, textContent: title.title }));
      body.append(el("section", { className: "cb-plan-group" }, h, el("ol", {}, ...list.map((i) => item(i, order, after)))));
    }
    if (done.length) {
      body.append(el("section", { className: "cb-plan-done" }, el("h3", { id: "plan-done" }, `Done (${done.length})`),
        el("ol", {}, ...done.map((i) => item(i, "done", after)))));
    }
    heading(items);
    sheet(plan, groups, done);
    const hub = plan.querySelector(".cb-plan-hub");
    if (hub) hub.hidden = items.length > 0;
    // Nothing to print or download in an empty plan.
    plan.querySelector(".cb-plan-actions").hidden = !items.length && !done.length;
    status.textContent =
      (items.length
        ? `${plural(items.length, "open item")} from ${plural(new Set(items.map((i) => i.check)).size, "self-check")}.`
        : "Nothing in your plan yet: no practice is answered “not yet” or “in progress”, and no open question is marked to act on, in this browser.") +
      (done.length ? ` ${done.length} done.` : "") + (dropped.length ? ` ${dropped.join(" ")}` : "");
    // A status change moves its item: the keyboard stays with it.
    if (focus) document.getElementById(focus)?.focus();
  };
  // After an item's field is saved: the printed table follows; a move to or from Done redraws the list.
  const after = {
    render,
    sheet: () => {
      const { items, done } = collect(checks);
      sheet(plan, arrange(items, order), done);
    },
  };
  render();

  school.addEventListener("input", () => {
    const kept = { ...getSection("action-plan"), school: line(school.value) };
    if (!kept.school) delete kept.school;
    if (!setSection("action-plan", kept)) status.textContent = "This browser would not save your school's name.";
    heading(collect(checks).items);
  });
  orderSelect.addEventListener("change", () => {
    order = Object.hasOwn(ORDERS, orderSelect.value) ? orderSelect.value : "check";
    const url = new URL(location.href);
    if (order === "check") url.searchParams.delete("order");
    else url.searchParams.set("order", order);
    history.replaceState(history.state, "", url);
    render();
  });
  // The date on paper is the day it is printed.
  window.addEventListener("beforeprint", () => heading(collect(checks).items));

  plan.querySelector(".cb-plan-print").addEventListener("click", () => window.print());
  const current = () => {
    const { items, done } = collect(checks);
    return [arrange(items, order), done];
  };
  // The file writers are fetched only when the reader asks for a file.
  plan.querySelector(".cb-plan-md").addEventListener("click", async () => {
    const { markdown } = await import("./plan-export.js");
    download("action-plan.md", "text/markdown;charset=utf-8", markdown(...current(), line(school.value), order));
  });
  plan.querySelector(".cb-plan-csv").addEventListener("click", async () => {
    const { csv } = await import("./plan-export.js");
    download("action-plan.csv", "text/csv;charset=utf-8", csv(...current()));
  });
  // Another tab's changes (the self-check page, an import) show here too, unless the reader is typing.
  addEventListener("storage", (e) => {
    if (document.contains(plan) && e.key?.startsWith(store.PREFIX) && !plan.contains(document.activeElement)) render();
  });

  plan.hidden = false;
  for (const e of root.querySelectorAll(".cb-noscript-note")) e.hidden = true;
}

// What an item's plan status reads as, with the day it was marked done.
export const stepText = (a, date = store.humanDate) => store.STEPS[a.step || "not-started"] + (a.step === "done" && a.done ? `, ${date(a.done)}` : "");
// "31 Mar 2027": a date that fits a narrow column on paper.
const short = (d) => store.humanDate(d).replace(/ ([A-Z][a-z]{2})[a-z]+ /, " $1 ");

function item(i, order, after) {
  const { check, qid, q, a } = i;
  const id = `plan-${check.id}-${qid}`;
  const save = (patch) => {
    store.update(check, qid, patch);
    after.sheet();
  };
  const owner = el("span", { className: "cb-print-value", textContent: a.owner || "" });
  const due = el("span", { className: "cb-due-text", textContent: store.humanDate(a.due) });
  const error = el("span", { className: "cb-due-error", id: `${id}-due-error` });
  const ownerInput = el("input", { type: "text", value: a.owner || "", autocomplete: "off" });
  ownerInput.setAttribute("aria-describedby", id);
  ownerInput.addEventListener("input", () => {
    owner.textContent = ownerInput.value;
    save({ owner: ownerInput.value });
  });
  const dueInput = el("input", { type: "date", value: a.due || "", min: "2000-01-01", max: "2099-12-31" });
  dueInput.setAttribute("aria-describedby", `${id} ${id}-due-error`);
  // While the reader types, each keystroke can make a passing date (0002-03-15, or the 3rd on the
  // way to the 31st): the date is checked and saved only when they leave the field (or press
  // Enter). A date the browser cannot read (31 February, half typed) or out of range is refused
  // there, and the saved date stays as it was.
  const bad = () => {
    const value = dueInput.value;
    return dueInput.validity.badInput || Boolean(value && (!store.isDate(value) || !dueInput.checkValidity()));
  };
  const commit = () => {
    const refused = bad();
    dueInput.setAttribute("aria-invalid", refused ? "true" : "false");
    error.textContent = refused ? "Not a real date: enter one such as 31 March 2027. The date saved before is kept." : "";
    if (refused) return;
    due.textContent = store.humanDate(dueInput.value);
    save({ due: dueInput.value });
  };
  dueInput.addEventListener("input", () => {
    if (!bad()) due.textContent = store.humanDate(dueInput.value);
  });
  dueInput.addEventListener("blur", commit);
  dueInput.addEventListener("keydown", (e) => e.key === "Enter" && commit());

  // What we will do: free text up to the store's limit, with a counter the field points to.
  const max = store.ACTION_MAX;
  const action = el("textarea", { rows: 2, maxLength: max, value: a.action || "" });
  const count = el("span", { className: "cb-plan-count", id: `${id}-count` });
  const counted = () => (count.textContent = `${action.value.length} of ${max} characters`);
  counted();
  action.setAttribute("aria-describedby", `${id} ${id}-count`);
  action.addEventListener("input", () => {
    counted();
    save({ action: action.value.slice(0, max) });
  });
  // Status: done is dated with the day it was marked, and moves the item to the Done section.
  const step = el("select", { id: `${id}-step` },
    ...Object.entries(store.STEPS).map(([value, text]) => el("option", { value, textContent: text })));
  step.value = a.step || "not-started";
  step.setAttribute("aria-describedby", id);
  step.addEventListener("change", () => {
    const was = a.step === "done";
    save({ step: step.value, done: step.value === "done" ? store.isoDay() : null });
    if (was !== (step.value === "done")) after.render(step.id);
    else a.step = step.value;
  });

  const words = i.kind === "reflection" ? "Your answer" : "Your note";
  return el(
    "li",
    { className: `cb-plan-item cb-plan-${i.kind}` },
    el(
      "p",
      { className: "cb-plan-q" },
      el("strong", { className: `cb-state cb-state-${i.kind === "reflection" ? "act" : a.status}`, textContent: label(i) }),
      " ",
      el("a", { id, href: i.url, textContent: plain(q.text) }),
    ),
    order === "check" ? null : el("p", { className: "cb-plan-from-check" }, "From ", el("a", { href: check.url, textContent: check.title })),
    a.note ? el("p", { className: "cb-plan-note", textContent: `${words}: ${a.note}` }) : null,
    a.step === "done" && a.done ? el("p", { className: "cb-plan-done-on", textContent: `Done on ${store.humanDate(a.done)}.` }) : null,
    q.read.length && order !== "done"
      ? el(
          "p",
          { className: "cb-plan-read" },
          "Read next: ",
          ...q.read.flatMap((r, n) => [n ? "; " : "", el("a", { href: r.url, textContent: r.title })]),
        )
      : null,
    el("p", { className: "cb-plan-action" }, el("label", {}, "What we will do ", action), count),
    el(
      "p",
      { className: "cb-plan-fields" },
      el("label", { className: "cb-plan-owner" }, "Owner ", ownerInput, owner),
      " ",
      el("label", { className: "cb-plan-due" }, "Due date ", dueInput, due),
      " ",
      el("label", { className: "cb-plan-step" }, "Status ", step),
      error,
    ),
  );
}

// The plan on paper: one compact table (the list above is for the screen), rebuilt with the list.
function sheet(plan, groups, done) {
  const cell = (tag, text, className) => el(tag, { textContent: text || "", className: className || "" });
  const rows = [];
  let n = 0;
  const row = (i) => {
    const q = el("td", {}, plain(i.q.text));
    if (i.a.note) q.append(el("span", { className: "cb-plan-sheet-note", textContent: `${i.kind === "reflection" ? "Answer" : "Note"}: ${line(i.a.note)}` }));
    return el("tr", {}, cell("td", String(++n)), q, cell("td", label(i)), cell("td", line(i.a.action)),
      cell("td", line(i.a.owner)), cell("td", short(i.a.due)), cell("td", stepText(i.a, short)));
  };
  const group = (text) => el("tr", { className: "cb-plan-sheet-group" }, el("th", { colSpan: 7, scope: "colgroup", textContent: text }));
  for (const [title, list] of groups) {
    if (title !== null) rows.push(group(typeof title === "string" ? title : title.title));
    rows.push(...list.map(row));
  }
  if (done.length) rows.push(group("Done"), ...done.map(row));
  const head = el("tr", {}, ...["", "Practice or question", "Answer", "What we will do", "Owner", "Due", "Status"].map((t) => cell("th", t)));
  plan.querySelector(".cb-plan-sheet").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}
