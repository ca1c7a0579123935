// Self-check hub: the reader's progress on every self-check (answered, last answered, and a bar
// of practices in place / in progress / not yet, drawn with HTML and CSS), and moving answers
// between browsers as a file (export downloads it, import reads it; no server).
export function init(root) {
  const hubs = [...root.querySelectorAll(".cb-hub:not([data-cb-ready])")];
  const transfer = root.querySelector(".cb-transfer");
  if (!hubs.length || !transfer) return;
  for (const hub of hubs) hub.dataset.cbReady = "1";
  import("./store.js")
    .then(async (store) => {
      await store.styles("hub");
      setup(root, transfer, store);
    })
    .catch((error) => console.error("casebook:", error));
}

const BARS = [["in-place", "in place"], ["in-progress", "in progress"], ["not-yet", "not yet"]];

function chart(cell, n) {
  if (!n.practices) {
    cell.textContent = "Open questions only";
    return;
  }
  const bar = document.createElement("span");
  bar.className = "cb-bar";
  bar.setAttribute("aria-hidden", "true"); // the words below say the same
  for (const [status] of BARS) {
    if (!n[status]) continue;
    const part = document.createElement("span");
    part.className = `cb-bar-part cb-key-${status}`;
    part.style.width = `${(100 * n[status]) / n.practices}%`;
    bar.append(part);
  }
  const words = document.createElement("span");
  words.className = "cb-bar-text";
  words.textContent = `${BARS.map(([status, label]) => `${n[status]} ${label}`).join(", ")} (of ${n.practices})`;
  cell.replaceChildren(bar, words);
}

function setup(root, transfer, { catalogue, counts, download, humanDate, isoDay, load, plural }) {
  const checks = catalogue(root);
  const status = transfer.querySelector(".cb-transfer-status");

  const refresh = () => {
    const dropped = [];
    for (const c of checks) {
      const row = root.querySelector(`tr[data-selfcheck="${CSS.escape(c.id)}"]`);
      const loaded = load(c);
      dropped.push(...loaded.dropped.map((d) => `${c.title}: ${d}`));
      if (!row) continue;
      const n = counts(loaded.answers, c);
      row.querySelector(".cb-hub-progress").textContent = n.answered
        ? `${n.answered} of ${c.questions.size} answered, ${n.inPlace} in place` : "Not started";
      const when = loaded.updated && Object.keys(loaded.answers).length ? loaded.updated : "";
      const date = row.querySelector(".cb-hub-date");
      date.replaceChildren();
      if (when) {
        const time = document.createElement("time");
        time.dateTime = when;
        time.textContent = humanDate(isoDay(new Date(when))); // the reader's own calendar day
        date.append(time);
      }
      chart(row.querySelector(".cb-hub-chart"), n);
    }
    return dropped;
  };
  const dropped = refresh();
  if (dropped.length) status.textContent = dropped.join(" ");

  // Export and import code is fetched only when the reader asks for it.
  const moving = () => import("./transfer.js");
  transfer.querySelector(".cb-export").addEventListener("click", async () => {
    const data = (await moving()).exportAll(checks);
    const n = Object.keys(data.checks).length;
    download(`self-check-answers-${data.exported.slice(0, 10)}.json`, "application/json", JSON.stringify(data, null, 1));
    status.textContent = n
      ? `Exported your answers to ${plural(n, "self-check")}. Import the file on the other device, on this page.`
      : "You have no answers to export yet; the file is empty.";
  });

  const input = transfer.querySelector(".cb-import");
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    let message;
    try {
      // An answers file is a few kilobytes; refuse anything that cannot be one before reading it.
      if (file.size > 2e6) throw new Error("That file is too large to be an answers file.");
      const r = (await moving()).importAll(await file.text(), checks);
      message = r.answers
        ? `Imported ${plural(r.answers, "answer")} to ${plural(r.checks, "self-check")} from ${file.name}.`
        : `${file.name} held no answers to import.`;
      if (r.sections) message += ` Also imported ${plural(r.sections, "other saved setting")}.`;
      if (r.dropped.length) message += ` ${r.dropped.join(" ")}`;
      refresh();
    } catch (error) {
      message = `Nothing was imported. ${error.message}`;
    }
    status.textContent = message;
    input.value = "";
  });

  transfer.hidden = false;
  for (const el of root.querySelectorAll(".cb-noscript-note")) el.hidden = true;
}
