// Self-check appendices: restore saved answers, save each change, show progress, reset.
// The page is complete without this script (questions as a printable list); it only
// reveals the answer controls, which the template renders `hidden`.
export function init(root) {
  // `document$` may emit again for the same DOM: wire each section once.
  const sections = [...root.querySelectorAll(".cb-selfcheck[data-selfcheck]:not([data-cb-ready])")];
  if (!sections.length) return;
  for (const section of sections) section.dataset.cbReady = "1";
  // The storage module is fetched only by pages that use it, to keep other pages light.
  import("./store.js")
    .then((store) => sections.forEach((section) => setup(section, store)))
    .catch((error) => console.error("casebook:", error));
}

function setup(section, { counts, load, save, update }) {
  const items = [...section.querySelectorAll(".cb-question[data-question]")];
  const check = {
    id: section.dataset.selfcheck,
    version: Number(section.dataset.version),
    questions: new Set(items.map((li) => li.dataset.question)),
  };
  const $ = (sel) => section.querySelector(sel);
  const notice = $(".cb-sc-notice");
  const say = (text) => (notice.textContent = text);

  const show = (answers) => {
    for (const li of items) {
      const a = answers[li.dataset.question] || {};
      for (const radio of li.querySelectorAll("input[type=radio]")) radio.checked = radio.value === a.status;
      const note = li.querySelector("textarea");
      if (note) note.value = a.note || "";
    }
    progress(answers);
  };
  const progress = (answers) => {
    const { answered, inPlace } = counts(answers);
    $("progress").value = answered;
    $(".cb-progress-text").textContent = `${answered} of ${items.length} answered, ${inPlace} in place`;
  };
  const store = (target, patch) => {
    const li = target.closest(".cb-question");
    if (!li) return;
    const answers = update(check, li.dataset.question, patch);
    if (answers) progress(answers);
    else say("This browser would not save your answer (storage may be full or switched off).");
  };

  const { answers, dropped } = load(check);
  show(answers);
  if (dropped.length) {
    // Rewrite what was kept, so the notice is given once and storage is whole again.
    save(check, answers);
    say(dropped.join(" "));
  }

  section.addEventListener("change", (e) => {
    if (e.target.type === "radio") store(e.target, { status: e.target.value });
  });
  section.addEventListener("input", (e) => {
    if (e.target.tagName === "TEXTAREA") store(e.target, { note: e.target.value });
  });
  $(".cb-sc-reset").addEventListener("click", () => {
    if (!window.confirm("Clear every answer, note, owner and date you gave to this self-check, in this browser?")) return;
    save(check, {});
    show({});
    say("Your answers to this self-check were cleared.");
  });

  for (const el of section.querySelectorAll(".cb-sc-tools, .cb-answer")) el.hidden = false;
  for (const el of section.querySelectorAll(".cb-noscript-note")) el.hidden = true;
}
