/**
 * Self-check hub: the reader's progress on every self-check (answered, last answered, and a bar
 * of practices in place / in progress / not yet, drawn with HTML and CSS), and moving answers
 * between browsers as a file (export downloads it, import reads it; no server).
 */
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

function setup(root, transfer, { PREFIX, catalogue, counts, download, humanDate, isoDay, load }) {
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

  /** Export and import code is fetched only when the reader asks for it. */
  const moving = () => import("./transfer.js");
  transfer.querySelector(".cb-export").addEventListener("click", async () => {
    const { exportAll, exported } = await moving();
    const data = exportAll(checks);
    download(`self-check-answers-${data.exported.slice(0, 10)}.json`, "application/json", JSON.stringify(data, null, 1));
    status.textContent = exported(data);
  });

  const input = transfer.querySelector(".cb-import");
  input.addEventListener("change", async () => {
    const file = input.files[0];
    if (!file) return;
    let message;
    try {
      /** An answers file is a few kilobytes; refuse anything that cannot be one before reading it. */
      if (file.size > 2e6) throw new Error("That file is too large to be an answers file.");
      const { importAll, imported } = await moving();
      message = imported(importAll(await file.text(), checks), file.name);
      refresh();
    } catch (error) {
      message = `Nothing was imported. ${error.message}`;
    }
    status.textContent = message;
    input.value = "";
  });

  /** Answers saved in another tab (or window) of this site show here at once. */
  const onStorage = (e) => {
    if (!root.contains(transfer) || !transfer.isConnected) return removeEventListener("storage", onStorage);
    if (e.key === null || e.key.startsWith(PREFIX)) refresh();
  };
  addEventListener("storage", onStorage);

  transfer.hidden = false;
  for (const el of root.querySelectorAll(".cb-noscript-note")) el.hidden = true;
}
