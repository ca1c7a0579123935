// Action plan: every practice the reader answered "not yet" or "in progress", and every
// reflection they flagged to act on, with what to read next and an owner and due date (saved
// with the answers). Headed with the school's name (kept in the store's "action-plan" section),
// the date and the self-checks it draws on; grouped by self-check, by owner, or in due-date order
// (`?order=owner|due` in the URL). Prints through the print stylesheet; downloads as Markdown or
// CSV, built in the browser.
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
  import("./store.js")
    .then(async (module) => {
      store = module;
      await store.styles("plan");
      setup(root, plan);
    })
    .catch((error) => console.error("casebook:", error));
}

// The open items, read fresh from storage each time they are needed, in self-check order.
function collect(checks) {
  const items = [];
  const dropped = [];
  for (const check of checks) {
    const loaded = store.load(check);
    dropped.push(...loaded.dropped.map((d) => `${check.title}: ${d}`));
    for (const [qid, q] of check.questions) {
      const a = loaded.answers[qid];
      const kind = q.kind === "reflection" ? "reflection" : "practice";
      const open = kind === "reflection" ? a && a.act === true : a && OPEN.includes(a.status);
      if (open) items.push({ check, qid, q, a, kind, url: `${check.url.split("#")[0]}#q-${check.id}-${qid}` });
    }
  }
  return { items, dropped };
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

  const render = () => {
    const { items, dropped } = collect(checks);
    const groups = arrange(items, order);
    body.replaceChildren();
    for (const [title, list] of groups) {
      const h = title === null ? null
        : el("h3", {}, typeof title === "string" ? title : el("a", { href: title.url, textContent: title.title }));
      body.append(el("section", { className: "cb-plan-group" }, h, el("ol", {}, ...list.map((i) => item(i, order)))));
    }
    heading(items);
    const hub = plan.querySelector(".cb-plan-hub");
    if (hub) hub.hidden = items.length > 0;
    status.textContent =
      (items.length
        ? `${plural(items.length, "open item")} from ${plural(new Set(items.map((i) => i.check)).size, "self-check")}.`
        : "Nothing in your plan yet: no practice is answered “not yet” or “in progress”, and no open question is marked to act on, in this browser.") +
      (dropped.length ? ` ${dropped.join(" ")}` : "");
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
  const current = () => arrange(collect(checks).items, order);
  // The file writers are fetched only when the reader asks for a file.
  plan.querySelector(".cb-plan-md").addEventListener("click", async () => {
    const { markdown } = await import("./plan-export.js");
    download("action-plan.md", "text/markdown;charset=utf-8", markdown(current(), line(school.value), order));
  });
  plan.querySelector(".cb-plan-csv").addEventListener("click", async () => {
    const { csv } = await import("./plan-export.js");
    download("action-plan.csv", "text/csv;charset=utf-8", csv(current()));
  });

  plan.hidden = false;
  for (const e of root.querySelectorAll(".cb-noscript-note")) e.hidden = true;
}

function item(i, order) {
  const { check, qid, q, a } = i;
  const id = `plan-${check.id}-${qid}`;
  const owner = el("span", { className: "cb-print-value", textContent: a.owner || "" });
  const due = el("span", { className: "cb-due-text", textContent: store.humanDate(a.due) });
  const error = el("span", { className: "cb-due-error", id: `${id}-due-error` });
  const ownerInput = el("input", { type: "text", value: a.owner || "", autocomplete: "off" });
  ownerInput.setAttribute("aria-describedby", id);
  ownerInput.addEventListener("input", () => {
    owner.textContent = ownerInput.value;
    store.update(check, qid, { owner: ownerInput.value });
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
    store.update(check, qid, { due: dueInput.value });
  };
  dueInput.addEventListener("input", () => {
    if (!bad()) due.textContent = store.humanDate(dueInput.value);
  });
  dueInput.addEventListener("blur", commit);
  dueInput.addEventListener("keydown", (e) => e.key === "Enter" && commit());
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
    q.read.length
      ? el(
          "p",
          { className: "cb-plan-read" },
          "Read next: ",
          ...q.read.flatMap((r, n) => [n ? "; " : "", el("a", { href: r.url, textContent: r.title })]),
        )
      : null,
    el(
      "p",
      { className: "cb-plan-fields" },
      el("label", { className: "cb-plan-owner" }, "Owner ", ownerInput, owner),
      " ",
      el("label", { className: "cb-plan-due" }, "Due date ", dueInput, due),
      error,
    ),
  );
}
