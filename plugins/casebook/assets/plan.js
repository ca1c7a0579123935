// Action plan: every question the reader answered "not yet" or "in progress", grouped by
// self-check, with what to read next and an owner and due date (saved with the answers).
// Prints through the print stylesheet; downloads as Markdown or CSV, built in the browser.
let store; // assets/store.js, fetched only on the plan page

const OPEN = ["not-yet", "in-progress"];
// Question text is contributed Markdown: show it as plain text, never as markup.
const plain = (md) =>
  md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*`]/g, "").replace(/\s+/g, " ").trim();
const line = (s) => (s || "").replace(/\s+/g, " ").trim();
const abs = (url) => new URL(url, location.href).href;
const el = (tag, props, ...kids) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids.filter((k) => k !== null && k !== undefined));
  return e;
};

export function init(root) {
  const plan = root.querySelector(".cb-plan");
  if (!plan || plan.dataset.cbReady) return;
  plan.dataset.cbReady = "1";
  import("./store.js")
    .then((module) => {
      store = module;
      setup(root, plan);
    })
    .catch((error) => console.error("casebook:", error));
}

function setup(root, plan) {
  const { catalogue, download, load, plural } = store;
  const checks = catalogue(root);
  const status = plan.querySelector(".cb-plan-status");

  // The open items, read fresh from storage each time they are needed.
  const collect = () => {
    const items = [];
    const dropped = [];
    for (const check of checks) {
      const loaded = load(check);
      dropped.push(...loaded.dropped.map((d) => `${check.title}: ${d}`));
      for (const [qid, q] of check.questions) {
        const a = loaded.answers[qid];
        if (a && OPEN.includes(a.status)) {
          items.push({ check, qid, q, a, url: `${check.url.split("#")[0]}#q-${check.id}-${qid}` });
        }
      }
    }
    return { items, dropped };
  };

  const { items, dropped } = collect();
  const groups = group(items);
  const body = plan.querySelector(".cb-plan-body");
  body.replaceChildren();
  for (const [check, list] of groups) {
    body.append(
      el(
        "section",
        { className: "cb-plan-check" },
        el("h2", {}, el("a", { href: check.url, textContent: check.title })),
        el("ol", {}, ...list.map(item)),
      ),
    );
  }
  const hub = plan.querySelector(".cb-plan-hub");
  if (hub) hub.hidden = items.length > 0;
  status.textContent =
    (items.length
      ? `${plural(items.length, "open item")} from ${plural(groups.size, "self-check")}.`
      : "Nothing in your plan yet: no question is answered “not yet” or “in progress” in this browser.") +
    (dropped.length ? ` ${dropped.join(" ")}` : "");

  plan.querySelector(".cb-plan-print").addEventListener("click", () => window.print());
  plan.querySelector(".cb-plan-md").addEventListener("click", () =>
    download("action-plan.md", "text/markdown;charset=utf-8", markdown(collect().items)),
  );
  plan.querySelector(".cb-plan-csv").addEventListener("click", () =>
    download("action-plan.csv", "text/csv;charset=utf-8", csv(collect().items)),
  );

  plan.hidden = false;
  for (const e of root.querySelectorAll(".cb-noscript-note")) e.hidden = true;
}

function group(items) {
  const groups = new Map();
  for (const i of items) groups.set(i.check, [...(groups.get(i.check) || []), i]);
  return groups;
}

function item({ check, qid, q, a, url }) {
  const id = `plan-${check.id}-${qid}`;
  const field = (name, label, type) => {
    const shown = el("span", { className: "cb-print-value", textContent: a[name] || "" });
    const input = el("input", { type, value: a[name] || "", autocomplete: "off" });
    input.setAttribute("aria-describedby", id);
    input.addEventListener("input", () => {
      shown.textContent = input.value;
      store.update(check, qid, { [name]: input.value });
    });
    return el("label", { className: `cb-plan-${name}` }, `${label} `, input, shown);
  };
  return el(
    "li",
    { className: "cb-plan-item" },
    el(
      "p",
      { className: "cb-plan-q" },
      el("strong", { className: `cb-state cb-state-${a.status}`, textContent: store.STATUSES[a.status] }),
      " ",
      el("a", { id, href: url, textContent: plain(q.text) }),
    ),
    a.note ? el("p", { className: "cb-plan-note", textContent: `Your note: ${a.note}` }) : null,
    q.read.length
      ? el(
          "p",
          { className: "cb-plan-read" },
          "Read next: ",
          ...q.read.flatMap((r, i) => [i ? "; " : "", el("a", { href: r.url, textContent: r.title })]),
        )
      : null,
    el("p", { className: "cb-plan-fields" }, field("owner", "Owner", "text"), " ", field("due", "Due date", "date")),
  );
}

function markdown(items) {
  const out = ["# Action plan", "", `Open items from your self-checks, ${new Date().toISOString().slice(0, 10)}.`];
  let current;
  for (const { check, q, a, url } of items) {
    if (check !== current) out.push("", `## [${check.title}](${abs(check.url)})`, "");
    current = check;
    out.push(`- [ ] **${store.STATUSES[a.status]}:** [${plain(q.text)}](${abs(url)})`);
    if (a.note) out.push(`  - Note: ${line(a.note)}`);
    out.push(`  - Owner: ${line(a.owner) || "not set"}; due: ${a.due || "not set"}`);
    if (q.read.length) out.push(`  - Read next: ${q.read.map((r) => `[${r.title}](${abs(r.url)})`).join("; ")}`);
  }
  if (!items.length) out.push("", "No open items.");
  return `${out.join("\n")}\n`;
}

// RFC 4180: every field quoted, quotes doubled, CRLF rows. A leading = + - @ would make a
// spreadsheet run the cell as a formula, so such cells get a leading apostrophe.
const cell = (v) => `"${String(v ?? "").replace(/^[=+\-@\t\r]/, "'$&").replace(/"/g, '""')}"`;

function csv(items) {
  const rows = [["Self-check", "Question", "Status", "Note", "Owner", "Due date", "Read next", "Link"]];
  for (const { check, q, a, url } of items) {
    const read = q.read.map((r) => `${r.title} (${abs(r.url)})`).join("; ");
    rows.push([check.title, plain(q.text), store.STATUSES[a.status], a.note, a.owner, a.due, read, abs(url)]);
  }
  // The byte-order mark tells spreadsheet programs the file is UTF-8.
  return `\ufeff${rows.map((r) => r.map(cell).join(",")).join("\r\n")}\r\n`;
}
