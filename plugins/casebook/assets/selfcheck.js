/**
 * Self-check appendices: restore saved answers, save each change, show progress, clear one answer
 * or reset them all. Without this script the questions are a printable list; it reveals the
 * controls the template renders `hidden` (radios and a note for a practice, a text box and an
 * "act on this" checkbox for a reflection).
 */
export function init(root) {
  /** `document$` may emit again for the same DOM: wire each section once. */
  const sections = [...root.querySelectorAll(".cb-selfcheck[data-selfcheck]:not([data-cb-ready])")];
  if (!sections.length) return;
  for (const section of sections) section.dataset.cbReady = "1";
  import("./store.js")
    .then(async (store) => {
      await store.styles("selfcheck-answers");
      sections.forEach((section) => setup(section, store));
    })
    .catch((error) => console.error("casebook:", error));
}

function setup(section, { FIELDS, PREFIX, STATUSES, clearAll, counts, load, update }) {
  const items = [...section.querySelectorAll(".cb-question[data-question]")];
  const check = {
    id: section.dataset.selfcheck,
    version: Number(section.dataset.version),
    questions: new Map(items.map((li) => [li.dataset.question, li.dataset.kind || "practice"])),
  };
  const $ = (sel) => section.querySelector(sel);
  const notice = $(".cb-sc-notice");
  const say = (text) => (notice.textContent = text);

  const showOne = (li, a = {}) => {
    for (const radio of li.querySelectorAll("input[type=radio]")) radio.checked = radio.value === a.status;
    const note = li.querySelector("textarea");
    if (note && note.value !== (a.note || "")) note.value = a.note || "";
    const act = li.querySelector("input[type=checkbox]");
    if (act) act.checked = a.act === true;
    /** A status given when this reflection was a yes/no question: kept, shown, cleared with the answer. */
    const earlier = li.querySelector(".cb-earlier");
    if (earlier) {
      earlier.hidden = !a.status;
      earlier.textContent = a.status ? `Your earlier answer, from when this question was answered by status: ${STATUSES[a.status]}.` : "";
    }
    li.querySelector(".cb-clear").disabled = !Object.keys(a).length;
  };
  const show = (answers) => {
    for (const li of items) showOne(li, answers[li.dataset.question]);
    progress(answers);
  };
  const progress = (answers) => {
    const { answered, inPlace } = counts(answers, check);
    $("progress").value = answered;
    $(".cb-progress-text").textContent = `${answered} of ${items.length} answered, ${inPlace} in place`;
    /** The same counts after the last question, beside the links to "Where we stand" and the plan. */
    const n = counts(answers, check), end = $(".cb-sc-end-counts");
    if (end) {
      end.hidden = false;
      end.textContent = `So far: ${answered} of ${items.length} answered.` + (n.practices ? ` Of ${n.practices} practices, ${inPlace} in place, ${n["in-progress"]} in progress, ${n["not-yet"]} not yet, ${n.practices - inPlace - n["in-progress"] - n["not-yet"]} not answered.` : "");
    }
  };
  const store = (li, patch) => {
    const answers = update(check, li.dataset.question, patch);
    if (!answers) return say("This browser would not save your answer (storage may be full or switched off).");
    li.querySelector(".cb-clear").disabled = !answers[li.dataset.question];
    progress(answers);
  };

  const { answers, dropped, kept, newer } = load(check);
  show(answers);
  if (dropped.length || kept.length) say([...dropped, ...kept].join(" "));
  /** Saved by a newer version of the library: shown, never written over by this older page. */
  if (newer) for (const el of section.querySelectorAll(".cb-answer input, .cb-answer textarea, .cb-answer button, .cb-sc-reset")) el.disabled = true;

  /** Answers saved in another tab (or window) show here at once; a note being typed here is left alone. */
  const onStorage = (e) => {
    if (!section.isConnected) return removeEventListener("storage", onStorage);
    if (e.key !== null && e.key !== `${PREFIX}${check.id}`) return;
    const typing = section.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA";
    const now = load(check).answers;
    for (const li of items) if (!(typing && li.contains(document.activeElement))) showOne(li, now[li.dataset.question]);
    progress(now);
  };
  addEventListener("storage", onStorage);

  section.addEventListener("change", (e) => {
    const li = e.target.closest(".cb-question");
    if (!li) return;
    if (e.target.type === "radio") store(li, { status: e.target.value });
    else if (e.target.type === "checkbox") store(li, { act: e.target.checked });
  });
  section.addEventListener("input", (e) => {
    const li = e.target.closest(".cb-question");
    if (li && e.target.tagName === "TEXTAREA") store(li, { note: e.target.value });
  });
  section.addEventListener("click", (e) => {
    const button = e.target.closest(".cb-clear");
    if (!button) return;
    const li = button.closest(".cb-question");
    const answers = update(check, li.dataset.question, Object.fromEntries(Object.keys(FIELDS).map((f) => [f, null])));
    if (!answers) return say("This browser would not save your answer (storage may be full or switched off).");
    showOne(li);
    progress(answers);
    const question = li.querySelector("legend").textContent.replace(/\s+/g, " ").trim();
    say(`Cleared your answer to “${question}”, with its plan: owner, due date and action.`);
    /** The button is now disabled: keep the keyboard in the question. */
    (li.querySelector("input, textarea") || li).focus();
  });
  $(".cb-sc-reset").addEventListener("click", () => {
    if (!window.confirm("Clear every answer, note, owner and date you gave to this self-check, in this browser?")) return;
    if (!clearAll(check)) return say("This browser would not clear your answers (storage may be full or switched off).");
    show({});
    say("Your answers to this self-check were cleared.");
  });

  for (const el of section.querySelectorAll(".cb-sc-tools, .cb-answer")) el.hidden = false;
  for (const el of section.querySelectorAll(".cb-noscript-note")) el.hidden = true;
}
