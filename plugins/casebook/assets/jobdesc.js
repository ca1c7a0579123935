// The role page's job-description builder: ticked responsibilities and qualities, and the
// school's decisions on the debated points, become a plain-text draft to copy or download.
// The choices are kept in the browser (store.js section "jobdesc"), so a reload keeps them.
import { getSection, setSection } from "./store.js";

const SECTION = "jobdesc";

export function init(root) {
  const form = root.querySelector(".cb-jd-form");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "1";
  const section = form.closest(".cb-jobdesc");
  const output = form.querySelector(".cb-jd-output");
  const status = form.querySelector(".cb-jd-status");
  const roleTitle = section.dataset.roleTitle;
  form.hidden = false;
  section.querySelector(".cb-noscript-note")?.setAttribute("hidden", "");
  const inputs = () => [...form.querySelectorAll("input[name]")];

  const ticked = (name) =>
    [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((box) =>
      box.dataset.text ? `- ${box.dataset.title}: ${box.dataset.text}` : `- ${box.dataset.title}`);

  const draft = () => {
    const school = form.elements.school.value.trim();
    const parts = [`Job description (draft): ${roleTitle.replace(/^The school /i, "")}`];
    if (school) parts.push(`School: ${school}`);
    const decided = [...form.querySelectorAll('input[type="radio"]:checked')]
      .filter((r) => r.value)
      .map((r) => `${r.dataset.label}: ${r.dataset.text}`);
    if (decided.length) parts.push("", ...decided);
    const duties = ticked("responsibility");
    const qualities = ticked("quality");
    parts.push("", "Responsibilities", ...(duties.length ? duties : ["- (none ticked yet)"]));
    parts.push("", "Personal qualities", ...(qualities.length ? qualities : ["- (none ticked yet)"]));
    parts.push("", "Drafted with the edtech leadership library; adapt it to your school.");
    return parts.join("\n");
  };

  // Stored: ticked boxes by name ("responsibility:listening"), the chosen option of each point, the school.
  const save = () => {
    const value = { ticked: [], chosen: {}, school: form.elements.school.value.trim() };
    for (const input of inputs()) {
      if (input.type === "checkbox" && input.checked) value.ticked.push(`${input.name}:${input.value}`);
      if (input.type === "radio" && input.checked && input.value) value.chosen[input.name] = input.value;
    }
    if (!value.school) delete value.school;
    const empty = !value.ticked.length && !Object.keys(value.chosen).length && !value.school;
    // The browser may refuse (storage full or switched off): then say so, or the choices vanish on reload.
    if (!setSection(SECTION, empty ? {} : value)) {
      status.textContent = "Your choices could not be saved in this browser (its storage is full or switched off), " +
        "so they will be gone when you leave this page: copy or download the draft to keep it.";
      return false;
    }
    return true;
  };
  const restore = () => {
    const saved = getSection(SECTION);
    const ticked = new Set(Array.isArray(saved.ticked) ? saved.ticked : []);
    const chosen = saved.chosen && typeof saved.chosen === "object" ? saved.chosen : {};
    for (const input of inputs()) {
      if (input.type === "checkbox") input.checked = ticked.has(`${input.name}:${input.value}`);
      if (input.type === "radio") input.checked = (chosen[input.name] || "") === input.value;
    }
    if (typeof saved.school === "string") form.elements.school.value = saved.school;
  };

  const update = () => { output.value = draft(); status.textContent = ""; };
  const changed = () => { update(); undo?.remove(); save(); };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.querySelector(".cb-jd-copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(output.value);
      status.textContent = "Draft copied to the clipboard.";
    } catch {
      output.select();
      status.textContent = "Select the draft and copy it (Ctrl+C or Cmd+C).";
    }
  });
  form.querySelector(".cb-jd-download").addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([output.value + "\n"], { type: "text/plain" }));
    link.download = "technology-leader-job-description.txt";
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    status.textContent = "Draft downloaded.";
  });
  // "Start again" clears the reader's work, so it offers to undo (until the next change).
  let undo = null;
  const reset = form.querySelector(".cb-jd-reset");
  reset.addEventListener("click", () => {
    const before = getSection(SECTION);
    const school = form.elements.school.value;
    const checked = inputs().filter((input) => input.checked);
    setSection(SECTION, {});
    form.reset();
    update();
    status.textContent = "Choices cleared.";
    undo?.remove();
    undo = Object.assign(document.createElement("button"), { type: "button", className: "md-button cb-jd-undo", textContent: "Undo" });
    reset.after(" ", undo);
    undo.addEventListener("click", () => {
      for (const input of inputs()) input.checked = checked.includes(input);
      form.elements.school.value = school;
      update();
      undo.remove();
      undo = null;
      status.textContent = setSection(SECTION, before) ? "Choices restored." : "Choices restored on this page, but they could not be saved in this browser.";
      reset.focus();
    });
    undo.focus();
  });
  restore();
  update();
}
