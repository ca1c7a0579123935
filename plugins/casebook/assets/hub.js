// Self-check hub: the reader's progress on every self-check, and moving answers
// between browsers as a file (export downloads it, import reads it; no server).
export function init(root) {
  const hub = root.querySelector(".cb-hub");
  const transfer = root.querySelector(".cb-transfer");
  if (!hub || !transfer || hub.dataset.cbReady) return;
  hub.dataset.cbReady = "1";
  import("./store.js")
    .then((store) => setup(root, hub, transfer, store))
    .catch((error) => console.error("casebook:", error));
}

function setup(root, hub, transfer, { catalogue, counts, download, exportAll, importAll, load, plural }) {
  const checks = catalogue(root);
  const status = transfer.querySelector(".cb-transfer-status");

  const refresh = () => {
    const dropped = [];
    for (const c of checks) {
      const cell = hub.querySelector(`tr[data-selfcheck="${CSS.escape(c.id)}"] .cb-hub-progress`);
      const loaded = load(c);
      dropped.push(...loaded.dropped.map((d) => `${c.title}: ${d}`));
      const { answered, inPlace } = counts(loaded.answers);
      if (cell) cell.textContent = answered ? `${answered} of ${c.questions.size} answered, ${inPlace} in place` : "Not started";
    }
    return dropped;
  };
  const dropped = refresh();
  if (dropped.length) status.textContent = dropped.join(" ");

  transfer.querySelector(".cb-export").addEventListener("click", () => {
    const data = exportAll(checks);
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
      const r = importAll(await file.text(), checks);
      message = r.answers
        ? `Imported ${plural(r.answers, "answer")} to ${plural(r.checks, "self-check")} from ${file.name}.`
        : `${file.name} held no answers to import.`;
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
