// The "Add your school" page: reads the form generated from the school's JSON Schema back into a
// record, checks it as the person types (form-check.js), writes the YAML file (form-yaml.js), and
// offers it as a download, a copy, or a new file proposed on GitHub. The draft is kept in this
// browser (store.js sections), survives a reload, and a downloaded file can be loaded back in.
//
// How the page's markup says what each control is (templates/add-your-school.md.j2):
//   [data-widget]   one field: text, textarea, number, checkbox, choices, choice, group, keyed, list
//   [data-name]     its key in the record ("" for the item of a list)
//   [data-empty]    what an empty optional field is written as: omit, [] or {}
//   [data-required] the field is required
// Only this page loads this module, its stylesheet and the vendored validator (casebook.js).

import { checker, nodeAt, alternatives, dotted } from "./form-check.js";
import { dump, readFile, Unloadable, MAX_BYTES } from "./form-yaml.js";
import { download, getSection, setSection } from "./store.js";
import { Num, coreNumber, isNumber, numberText } from "./form-number.js";
import { URL_LIMIT, issue as issueAddress, issueBoxes, mailto, proposal } from "./form-send.js";

const SECTION = "add-your-school";
const DRAFT_VERSION = 1;
const DELAY = 250;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Num);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
const children = (el) => [...el.querySelectorAll("[data-widget]")].filter((c) => c.parentElement.closest("[data-widget], form") === el);
const items = (list) => [...list.querySelector(":scope > .cb-items").children];
const itemField = (li) => li.querySelector(":scope > [data-widget]");
const control = (el) => el.querySelector("input:not([type=file]), textarea");

// Text with `code` spans, as the checks write their messages, into `el` (never as HTML).
function write(el, text) {
  el.replaceChildren();
  text.split(/`([^`]*)`/).forEach((part, i) => {
    if (i % 2) el.append(Object.assign(document.createElement("code"), { textContent: part }));
    else if (part) el.append(part);
  });
}

function hasContent(v) {
  if (Array.isArray(v)) return v.some(hasContent);
  if (isObject(v)) return Object.values(v).some(hasContent);
  return v !== undefined && v !== "";
}

// --- reading the form into a record ---------------------------------------------------------

// A number box's text as the file will hold it, read as casebook reads a file: `1e3` is the float 1000.0
// (form-number.js), so the form refuses it for a whole number just as `casebook validate` does.
function number(text) {
  const n = coreNumber(text);
  return n === null ? text : n;
}

function read(el) {
  const widget = el.dataset.widget;
  if (widget === "group" || widget === "keyed") {
    const out = {};
    for (const child of children(el)) {
      const value = read(child);
      if (value !== undefined) out[child.dataset.name] = value;
      else if (child.dataset.empty === "[]") out[child.dataset.name] = [];
      else if (child.dataset.empty === "{}") out[child.dataset.name] = {};
    }
    if (!hasContent(out) && (widget === "keyed" || !("required" in el.dataset))) return undefined;
    return out;
  }
  if (widget === "list") {
    // An item left empty stays in the list (and is reported), so that positions match the messages.
    const values = items(el).map((li) => {
      const field = itemField(li);
      const value = read(field);
      return value !== undefined ? value : field.dataset.widget === "group" ? {} : "";
    });
    return values.length ? values : undefined;
  }
  if (widget === "choices") {
    const ticked = [...el.querySelectorAll("input:checked")].map((i) => i.value);
    return ticked.length ? ticked : undefined;
  }
  if (widget === "choice") return el.querySelector("input:checked")?.value;
  if (widget === "checkbox") return control(el).checked;
  const text = control(el).value.replace(/\r\n?/g, "\n").trim();
  if (!text) return undefined;
  return widget === "number" ? number(text) : text;
}

// --- filling the form from a record (a draft, or a file loaded back) ------------------------

// The text of a plain value (text, number, true/false), or null for anything else: never `String()` of
// an object, whose own `toString` a crafted file can set (and make throw).
function scalarText(v) {
  if (typeof v === "string") return v;
  if (v instanceof Num) return v.yaml;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

// What a value of the file is, in words, for the load report: `the number 1000.0`, `a list`.
function kindWords(v) {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (isObject(v)) return "a group of answers";
  if (typeof v === "boolean") return `the yes-or-no value “${v}”`;
  if (isNumber(v)) return `the number ${numberText(v)}`;
  return `the text “${v}”`;
}

// Places the values of `record` in the controls under `el`. What cannot be placed as it is, the
// report says by the question's label and in plain words (never by its place in the file): what was
// left out, and what was loaded with another meaning than the file gives it (`title: 1000`, a number,
// loaded as the text "1000"; `pupils: "12"`, text, loaded as the number 12), since casebook reads
// the file itself as the file says.
function fill(el, value, root, report, fromFile = true) {
  const widget = el.dataset.widget;
  const place = el === root ? "" : placeName(el, root);
  const say = (text) => report.push(place ? `${place}: ${text}` : text[0].toUpperCase() + text.slice(1));
  if (widget === "group" || widget === "keyed") {
    if (!isObject(value)) return say(`your file gives ${kindWords(value)} here, not answers to these questions, so it was left out.`);
    const known = new Map(children(el).map((c) => [c.dataset.name, c]));
    for (const [key, v] of Object.entries(value)) {
      if (known.has(key)) fill(known.get(key), v, root, report, fromFile);
      else say(`your file has a part called “${key}”, which this form does not ask about, so it was left out.`);
    }
    return;
  }
  if (widget === "list") {
    for (const li of items(el)) li.remove();
    if (!Array.isArray(value)) return say(`your file gives ${kindWords(value)} here, not a list, so it was left out.`);
    for (const v of value) fill(itemField(addItem(el)), v, root, report, fromFile);
    return;
  }
  if (widget === "choices" || widget === "choice") {
    if (widget === "choice" && Array.isArray(value)) return say("your file gives a list here, where there is one choice, so it was left out.");
    for (const v of Array.isArray(value) ? value : [value]) {
      const text = scalarText(v);
      const box = text === null ? null : [...el.querySelectorAll("input")].find((i) => i.value === text);
      if (box) box.checked = true;
      else say(`${text === null ? kindWords(v) : `“${text}”`} is not one of the choices, so it was left out.`);
    }
    return;
  }
  if (widget === "checkbox") {
    control(el).checked = value === true;
    if (typeof value !== "boolean") say(`your file gives ${kindWords(value)} here, not yes or no, so the box is left unticked.`);
    return;
  }
  if (value === null || value === undefined) return;
  const shown = scalarText(value);
  if (shown === null) return say(`your file gives ${kindWords(value)} here, not a single answer, so it was left out.`);
  control(el).value = shown;
  // A draft keeps a float as its text (form-number.js `toJSON`): only a file's quotes are worth a word.
  if (fromFile && widget === "number" && typeof value === "string" && coreNumber(value.trim()) !== null) {
    say(`your file gives “${value}” in quotes, as text; it is loaded as the number ${numberText(coreNumber(value.trim()))}.`);
  } else if (widget === "number" ? typeof value === "boolean" : typeof value !== "string") {
    say(`your file gives ${kindWords(value)} here, not ${widget === "number" ? "a number" : "text"}; it is loaded as the text “${shown}”.`);
  }
}

// --- repeatable groups ----------------------------------------------------------------------

let serial = 0;

function renumber(list) {
  const label = list.querySelector(":scope > .cb-items").dataset.itemLabel;
  items(list).forEach((li, i) => {
    const title = li.querySelector(".cb-item-title");
    if (title) title.textContent = `${label} ${i + 1}`;
    const remove = li.querySelector(":scope > .cb-item-actions .cb-remove");
    if (remove) remove.textContent = `Remove ${label.toLowerCase()} ${i + 1}`;
  });
}

function addItem(list) {
  const template = list.querySelector(":scope > template");
  const token = template.dataset.token;
  const number = String(++serial);
  const fragment = template.content.cloneNode(true);
  const rename = (root) => {
    for (const el of root.querySelectorAll("*")) {
      for (const name of ["id", "for", "aria-describedby", "name", "list"]) {
        const value = el.getAttribute(name);
        if (value && value.includes(token)) el.setAttribute(name, value.replaceAll(token, number));
      }
      if (el.tagName === "TEMPLATE") rename(el.content);
    }
  };
  rename(fragment);
  const li = fragment.firstElementChild;
  list.querySelector(":scope > .cb-items").append(li);
  renumber(list);
  return li;
}

// --- the page -------------------------------------------------------------------------------

// Leaving a field shows its problems, which moves what is below it. When the field was left by
// pressing a button below it, moving that button between press and release would lose the click:
// so while a pointer is down, showing them waits until it is released (and the click is done).
let pressing = false;
const afterPress = new Set();
document.addEventListener("pointerdown", () => { pressing = true; }, true);
document.addEventListener("pointerup", () => {
  pressing = false;
  const waiting = [...afterPress];
  afterPress.clear();
  if (waiting.length) setTimeout(() => waiting.forEach((run) => run()), 0);
}, true);
const whenReleased = (run) => (pressing ? afterPress.add(run) : run());

// The page links its stylesheet itself (so the form is laid out from the first paint); a copy of the
// site whose pages cannot (`casebook generate`) gets it here.
function stylesheet() {
  const href = new URL("./lazy/form.css", import.meta.url).href;
  if ([...document.querySelectorAll("link[rel=stylesheet]")].some((l) => l.href === href)) return;
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href }));
}

// --- messages in plain words ------------------------------------------------------------------

// The checks word each problem as `casebook validate` does, naming the field by its place in the
// file (`sections.advice[0].text`). The form names it by its label instead ("Advice to other schools,
// piece of advice 1: The advice"), and says what to do without the file's vocabulary.
function labelOf(el) {
  if (!el) return "";
  if (!el.dataset.name) {
    const title = el.querySelector(":scope > legend .cb-item-title, :scope > label .cb-item-title");
    if (title) return title.textContent;
  }
  return el.dataset.label || "";
}

function placeName(el, form) {
  const names = [];
  for (let at = el; at && at !== form; at = at.parentElement.closest("[data-widget]")) {
    if (at.classList.contains("cb-group--steps") || (at !== el && at.dataset.widget === "list")) continue; // an item names its list
    const name = labelOf(at);
    if (name && !names.includes(name)) names.unshift(name);
    if (names.length === 3) break;
  }
  return names.join(": ");
}

export function plainMessage(message, path, el, form) {
  const place = el ? placeName(el, form) : "";
  const quoted = `\`${dotted(path)}\``;
  let text = message;
  if (/^missing required field /.test(text)) return `${place || "This part"}: fill this in.`;
  if (/must not be empty$/.test(text)) return `${place}: fill this in.`;
  if (/give either `source`/.test(text)) {
    return /not both$/.test(text)
      ? `${place}: choose a source the library already has, or describe a new one, not both.`
      : `${place}: choose a source the library already has, or describe a new one.`;
  }
  if (/a whole part cannot be only `not stated`/.test(text)) {
    return `${place}: a whole answer cannot be only "not stated". Say in a sentence what your source does say about it, or what it leaves out.`;
  }
  if (/^duplicate id /.test(text)) return `${place}: another school in the library has it; choose another.`;
  if (/no source document with the id/.test(text)) {
    return `${place}: the library has no source of that name. Choose one from the list, or leave this empty and describe your source as a new one below.`;
  }
  const placeholder = /still holds the template's placeholder `([^`]*)`/.exec(text);
  if (placeholder) return `${place}: still holds the words “${placeholder[1]}” of the empty template; write your own answer instead.`;
  if (/contains a control character/.test(text)) return `${place}: this text holds an invisible control character; delete it.`;
  const most = /List should have at most (\d+) items after validation, not (\d+)/.exec(text);
  if (most) return `${place}: at most ${most[1]}, not ${most[2]}.`;
  if (place && text.startsWith(quoted)) text = place + text.slice(quoted.length);
  else if (place) text = `${place}: ${text}`;
  else if (text.startsWith(quoted)) text = `One of your answers${text.slice(quoted.length)}`; // never a place in the file
  // A number box says what was typed in it (`1e3`), not the value casebook reads it as (1000.0).
  const typed = el?.dataset.widget === "number" ? control(el)?.value.trim() : "";
  if (typed) text = text.replace(/, got the number \S+?(?=;|$)/, `; you wrote ${typed}`);
  return text
    .replace(/ \(lines starting with `- `\)/g, "")
    .replace(/a mapping \(`field: value` lines\)/g, "filled in")
    .replace(/ should be an id of /, " should be ") // the page address's own words, not the file's "id"
    .replace(/, got the text /g, "; you wrote ")
    .replace(/, got the number /g, "; you wrote ")
    .replace(/, got nothing \(an empty value\)/g, "");
}

export async function init(root) {
  const form = root.querySelector("#cb-form");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  stylesheet();
  const data = root.querySelector("#cb-form-data").dataset;
  const schema = JSON.parse(data.schema);
  const sources = JSON.parse(data.sources || "[]");
  const folder = form.dataset.folder;
  const check = checker(schema, { patterns: JSON.parse(data.patterns || "{}"), sources,
    existing: JSON.parse(data.existing || "[]"), folder });
  const github = form.dataset.github;
  const issue = form.dataset.issue;
  const email = form.dataset.email;
  const $ = (selector) => form.querySelector(selector);
  const touched = new Set();
  const state = { attempted: false, problems: [], yaml: "", name: "", record: {}, fits: true, mailFits: true, issueLeft: [] };
  const steps = Number(form.dataset.steps) || 1;
  let step = 1;

  const isBlock = (path) => alternatives(nodeAt(schema, path) || {}, schema)
    .some((m) => m.type === "string" && (m.maxLength || 0) >= 10000);

  function locate(path) {
    let el = form;
    for (const part of path) {
      let next = null;
      if (typeof part === "number" && el.dataset.widget === "list") next = items(el)[part] && itemField(items(el)[part]);
      else next = children(el).find((c) => c.dataset.name === part) || null;
      if (!next) break;
      el = next;
    }
    return el === form ? null : el;
  }

  // --- steps --------------------------------------------------------------------------------

  const stepOf = (el) => Number(el?.closest("[data-step]")?.dataset.step || 0);
  const links = [...form.querySelectorAll("[data-step-link]")];
  const back = $(".cb-step-back");
  const next = $(".cb-step-next");
  const titles = links.map((a) => a.textContent);

  function showStep(n, { focus = false } = {}) {
    step = Math.min(Math.max(1, n), steps);
    form.dataset.current = String(step);
    for (const el of form.querySelectorAll("[data-step]")) el.hidden = Number(el.dataset.step) !== step;
    for (const group of form.querySelectorAll(".cb-group--steps")) group.hidden = !group.querySelector(`[data-step="${step}"]`);
    links.forEach((a, i) => {
      if (i + 1 === step) a.setAttribute("aria-current", "step");
      else a.removeAttribute("aria-current");
    });
    back.hidden = step === 1;
    next.hidden = step === steps;
    if (step < steps) next.textContent = `Next: ${titles[step]}`;
    if (step === steps) refreshNow(); // the file and its problems, as they are now
    if (focus) form.querySelector(`#cb-step-${step}`)?.focus();
  }

  // Each step's link says how many problems it holds, once the person has asked for the file.
  function markSteps() {
    const counts = new Map();
    for (const p of state.problems) counts.set(stepOf(p.el), (counts.get(stepOf(p.el)) || 0) + 1);
    links.forEach((a, i) => {
      const n = state.attempted ? counts.get(i + 1) || 0 : 0;
      a.textContent = titles[i];
      if (n) {
        const badge = Object.assign(document.createElement("span"), { className: "cb-step-count", textContent: ` (${plural(n, "problem")})` });
        a.append(badge);
      }
    });
  }

  for (const a of links) {
    a.addEventListener("click", (event) => {
      event.preventDefault();
      event.stopPropagation(); // not a navigation: Material's instant navigation leaves it alone
      showStep(Number(a.dataset.stepLink), { focus: true });
    });
  }
  back.addEventListener("click", () => showStep(step - 1, { focus: true }));
  next.addEventListener("click", () => showStep(step + 1, { focus: true }));

  // --- problems -----------------------------------------------------------------------------

  function showErrors() {
    const messages = new Map();
    for (const p of state.problems) {
      if (p.el) messages.set(p.el, [...(messages.get(p.el) || []), p.plain]);
    }
    for (const field of form.querySelectorAll("[data-widget]")) {
      const box = field.querySelector(":scope > .cb-error");
      if (!box) continue;
      const own = messages.get(field) || [];
      const input = field.matches("fieldset") ? null : control(field);
      const visible = own.length && (state.attempted || (input ? touched.has(input.id) : [...field.querySelectorAll("input, textarea")].some((i) => touched.has(i.id))));
      box.hidden = !visible;
      if (visible) field.closest("details")?.setAttribute("open", ""); // a problem is never folded away
      if (visible) write(box, own.join(" "));
      else box.replaceChildren();
      if (input) input.setAttribute("aria-invalid", visible ? "true" : "false");
    }
    const list = $(".cb-form-list");
    list.replaceChildren();
    for (const p of state.problems) {
      const target = p.el && (p.el.matches("fieldset") ? p.el.querySelector("input, textarea, button") : control(p.el));
      const li = document.createElement("li");
      const a = document.createElement(target ? "a" : "span");
      if (target) {
        a.href = `#${target.id || ""}`;
        a.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation();
          showStep(stepOf(target));
          target.closest("details")?.setAttribute("open", ""); // a folded group of optional boxes
          target.focus();
        });
      }
      write(a, p.plain);
      li.append(a);
      list.append(li);
    }
    const summary = $(".cb-form-summary");
    const said = state.problems.length
      ? `${plural(state.problems.length, "answer")} to fix before your file can be sent (each links to its question):`
      : "No problems: your file passes the library's checks.";
    // A live region: written only when it changes, so that a screen reader is not told it at every pause.
    if (summary.textContent !== said) summary.textContent = said;
    summary.classList.toggle("cb-form-ok", !state.problems.length);
    markSteps();
  }

  // The sources' titles, as the Source box offers them, for the issue form's box about sources.
  const sourceTitles = Object.fromEntries([...form.querySelectorAll("datalist option")].map((o) => [o.value, o.textContent]));

  function sendLinks() {
    if (github) {
      const made = proposal(github, `${folder}/${state.name}`, state.yaml);
      state.fits = made.fits;
      $(".cb-form-github").href = made.href;
    }
    if (issue) {
      const title = typeof state.record.title === "string" ? state.record.title : "";
      const made = issueAddress(issue, title, issueBoxes(state.record, state.yaml, sourceTitles));
      state.issueLeft = made.left;
      $(".cb-form-issue").href = made.href;
    }
    if (email) {
      const made = mailto(email, state.name, state.yaml);
      state.mailFits = made.fits;
      $(".cb-form-email").href = made.href;
    }
  }

  function refresh({ save = true } = {}) {
    const record = read(form) || {};
    state.record = record;
    // In the order of the form, as a person reads it, in plain words.
    const order = [...form.querySelectorAll("[data-widget]")];
    state.problems = check(record)
      .map((p) => {
        const el = locate(p.path);
        return { ...p, el, plain: plainMessage(p.message, p.path, el, form) };
      })
      .sort((a, b) => order.indexOf(a.el) - order.indexOf(b.el));
    const id = typeof record.id === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(record.id) ? record.id : "new-school";
    state.name = `${id}.yaml`;
    state.yaml = dump(record, { first: form.dataset.hint, width: Number(form.dataset.width) || 92, isBlock });
    $(".cb-form-yaml").textContent = state.yaml;
    $(".cb-form-filename").textContent = state.name; // the name alone: the folder is the maintainers' business
    showErrors();
    sendLinks();
    if (save) {
      const kept = hasContent(record) ? { version: DRAFT_VERSION, record } : {};
      const ok = setSection(SECTION, kept);
      const said = !ok ? "This browser would not keep your draft: download the file to keep it."
        : hasContent(record) ? "Your draft is kept in this browser as you type." : "";
      const draft = $(".cb-draft-status");
      if (draft.textContent !== said) draft.textContent = said;
    }
  }

  // Only the form's own group of top-level fields is read (the form element stands for the record).
  form.dataset.widget = "group";
  form.dataset.name = "";
  form.dataset.required = "";

  // `fromFile`: the record is a file's, not this form's own (a draft, or the form as it was).
  function start(record, report, fromFile = false) {
    for (const list of form.querySelectorAll(".cb-list")) for (const li of items(list)) li.remove();
    for (const input of form.querySelectorAll("input:not([type=file]), textarea")) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
    }
    if (record) fill(form, record, form, report, fromFile);
    for (const more of form.querySelectorAll("details.cb-more")) {
      more.open = [...more.querySelectorAll("input, textarea")].some((i) => i.value);
    }
    // A required list starts with one item to fill in, as `casebook new` writes it.
    for (const list of form.querySelectorAll(".cb-list[data-required]")) if (!items(list).length) addItem(list);
  }

  form.addEventListener("click", (event) => {
    const add = event.target.closest(".cb-add");
    const remove = event.target.closest(".cb-remove");
    if (add) {
      const list = add.closest(".cb-list");
      const li = addItem(list);
      li.querySelector("input, textarea")?.focus();
      refresh();
    } else if (remove) {
      const list = remove.closest(".cb-list");
      remove.closest(".cb-item").remove();
      renumber(list);
      list.querySelector(":scope > p > .cb-add").focus();
      refresh();
    }
  });

  let timer = null;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, DELAY);
  };
  form.addEventListener("input", (event) => {
    if (event.target.id !== "cb-form-load") later();
  });
  form.addEventListener("change", (event) => {
    if (event.target.id === "cb-form-load") return;
    if (event.target.type === "checkbox" || event.target.type === "radio") touched.add(event.target.id);
    later();
  });
  function refreshNow() {
    clearTimeout(timer);
    refresh();
  }
  form.addEventListener("focusout", (event) => {
    if (event.target.matches("input:not([type=file]), textarea") && event.target.id) {
      touched.add(event.target.id);
      whenReleased(refreshNow);
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  const status = $(".cb-form-action-status");
  // What a way of sending did is said below the ways to send, where the person just pressed one.
  const sendStatus = $(".cb-form-send-status");
  const attempt = () => {
    clearTimeout(timer);
    refresh();
    state.attempted = true;
    showErrors();
  };

  $(".cb-form-download").addEventListener("click", () => {
    attempt();
    download(state.name, "application/yaml", state.yaml);
    status.textContent = state.problems.length
      ? `Downloaded ${state.name}. It still has ${plural(state.problems.length, "answer")} to fix: load it here later to go on.`
      : `Downloaded ${state.name}.`;
  });

  $(".cb-form-copy").addEventListener("click", async () => {
    attempt();
    try {
      await navigator.clipboard.writeText(state.yaml);
      status.textContent = "The file is copied: paste it where you need it.";
    } catch {
      const preview = $(".cb-form-preview");
      preview.open = true;
      getSelection().selectAllChildren($(".cb-form-yaml"));
      status.textContent = "This browser would not copy it: the file is shown and selected below; copy it from there.";
    }
  });

  // Each way of sending: only a file the checks accept; what does not fit in the address is copied.
  const sending = (selector, fits, opened) => {
    $(selector)?.addEventListener("click", (event) => {
      attempt();
      if (state.problems.length) {
        event.preventDefault();
        sendStatus.textContent = "";
        status.textContent = `Fix the ${plural(state.problems.length, "answer")} listed above first: the library cannot take a file its checks refuse.`;
        $(".cb-form-problems").focus();
        return;
      }
      sendStatus.textContent = opened(fits());
    });
  };
  sending(".cb-form-github", () => state.fits, (fits) => {
    if (fits) return "GitHub's new-file page opens in a new tab with your file filled in.";
    navigator.clipboard?.writeText(state.yaml).catch(() => {});
    return `Your file is too long to hand to GitHub in the address (GitHub takes about ${URL_LIMIT.toLocaleString("en-GB")} characters), so it is copied instead: paste it into GitHub's editor, which opens in a new tab with the file name filled in.`;
  });
  sending(".cb-form-issue", () => !state.issueLeft.length, (fits) => {
    const lists = "choose the phase, region and other lists, and your sources, in its lists, tick the three boxes at the end, and submit it";
    if (fits) return `GitHub's issue form opens in a new tab with your answers and your file in its boxes: ${lists}.`;
    navigator.clipboard?.writeText(state.yaml).catch(() => {});
    const more = state.issueLeft.length - (state.issueLeft.includes("file") ? 1 : 0);
    return `GitHub's issue form opens in a new tab with your answers in its boxes, but your file is too long to go with them in GitHub's address (about ${URL_LIMIT.toLocaleString("en-GB")} characters), so it is copied: paste it into the form's last box, or attach the file ${state.name} you downloaded.${more ? ` ${plural(more, "longer answer")} did not fit either: copy ${more === 1 ? "it" : "them"} from your file.` : ""} Then ${lists}.`;
  });
  sending(".cb-form-email", () => state.mailFits, (fits) => (fits
    ? "Your email program opens a message with your file in it: send it."
    : `Your email program opens a message: your file is too long to go in it, so attach the file ${state.name} (download it above) before you send it.`));

  $(".cb-form-clear").addEventListener("click", () => {
    if (!confirm("Clear every answer in the form and the draft kept in this browser?")) return;
    touched.clear();
    state.attempted = false;
    start(null, []);
    setSection(SECTION, {});
    refresh({ save: false });
    $(".cb-draft-status").textContent = "The form is cleared.";
    $(".cb-load-status").textContent = "";
    status.textContent = "";
    sendStatus.textContent = "";
  });

  // A file loaded back: read with casebook's own rules, and only placed in the form once it is known
  // to fit; a file that does not changes nothing, in the form or in the saved draft, and the page says
  // so until the next file (the draft line below it is the one that changes as the person types).
  $("#cb-form-load").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    clearTimeout(timer); // no save of the form as it was, half-way through
    const said = $(".cb-load-status");
    const refuse = (why) => write(said, `${file.name} was not loaded: ${why}. Nothing in the form or in your saved draft has changed.`);
    try {
      if (file.size > MAX_BYTES) return refuse(`it is larger than a case-study file can be (${MAX_BYTES / 1024} KB)`);
      const text = await file.text();
      const yaml = await import("./vendor/js-yaml/js-yaml.mjs");
      let record;
      try {
        record = readFile(text, yaml);
      } catch (error) {
        if (error instanceof Unloadable) return refuse(error.message);
        throw error;
      }
      const before = read(form) || {};
      const report = [];
      try {
        start(record, report, true);
      } catch {
        start(before, []);
        return refuse("its values could not be placed in the form");
      }
      touched.clear();
      state.attempted = true;
      refresh();
      // What was left out or read differently, one answer a line (a paragraph of them was hard to read on a phone).
      write(said, `Loaded ${file.name}.`);
      if (report.length) {
        const list = document.createElement("ul");
        for (const line of report) list.append("\n", Object.assign(document.createElement("li"), { textContent: line }));
        said.append(list);
      }
    } catch {
      refuse("it could not be read");
    } finally {
      event.target.value = "";
    }
  });

  // A draft kept from an earlier visit, or a fresh form.
  const kept = getSection(SECTION);
  const report = [];
  try {
    start(isObject(kept.record) ? kept.record : null, report);
  } catch {
    start(null, []);
    report.push("Part of it could not be restored.");
  }
  const wanted = /^#cb-step-(\d+)$/.exec(location.hash);
  showStep(wanted ? Number(wanted[1]) : 1);
  refresh({ save: false });
  if (isObject(kept.record)) {
    write($(".cb-draft-status"), `Your draft was restored from this browser.${report.length ? ` ${report.join(" ")}` : ""}`);
  }
}
