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

import { checker, nodeAt, alternatives } from "./form-check.js";
import { dump } from "./form-yaml.js";
import { download, getSection, setSection } from "./store.js";

const SECTION = "add-your-school";
const DRAFT_VERSION = 1;
// GitHub answers an address longer than about 8 KB with an error (HTTP 414); stay below it.
const URL_LIMIT = 8000;
const DELAY = 250;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
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

function number(text) {
  if (/^[-+]?[0-9]+$/.test(text) || /^[-+]?([0-9]+\.[0-9]*|\.[0-9]+)$/.test(text)) return Number(text);
  return text;
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

function fill(el, value, path, report) {
  const widget = el.dataset.widget;
  const where = path.length ? `\`${path.join(".")}\`` : "The file";
  if (widget === "group" || widget === "keyed") {
    if (!isObject(value)) return report.push(`${where} is not a mapping of fields, so it was not loaded.`);
    const known = new Map(children(el).map((c) => [c.dataset.name, c]));
    for (const [key, v] of Object.entries(value)) {
      if (known.has(key)) fill(known.get(key), v, [...path, key], report);
      else report.push(`The field \`${[...path, key].join(".")}\` is not part of a school's file, so it was not loaded.`);
    }
    return;
  }
  if (widget === "list") {
    for (const li of items(el)) li.remove();
    if (!Array.isArray(value)) return report.push(`${where} is not a list, so it was not loaded.`);
    for (const [i, v] of value.entries()) fill(itemField(addItem(el)), v, [...path, i], report);
    return;
  }
  if (widget === "choices" || widget === "choice") {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      const box = [...el.querySelectorAll("input")].find((i) => i.value === String(v));
      if (box) box.checked = true;
      else report.push(`${where}: \`${v}\` is not one of the allowed values, so it was not loaded.`);
    }
    return;
  }
  if (widget === "checkbox") {
    control(el).checked = value === true;
    return;
  }
  if (value === null || value === undefined) return;
  const shown = value instanceof Date ? value.toISOString().slice(0, 10) : isObject(value) || Array.isArray(value) ? null : String(value);
  if (shown === null) report.push(`${where} should be a single value, so it was not loaded.`);
  else control(el).value = shown;
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

function stylesheet() {
  const href = new URL("./lazy/form.css", import.meta.url).href;
  let link = [...document.querySelectorAll("link[rel=stylesheet]")].find((l) => l.href === href);
  if (link) return Promise.resolve();
  link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
  const loaded = new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    link.addEventListener("error", resolve, { once: true });
    setTimeout(resolve, 1500); // a slow sheet only delays the looks, never the form
  });
  document.head.append(link);
  return loaded;
}

export async function init(root) {
  const form = root.querySelector("#cb-form");
  if (!form || form.dataset.ready) return;
  form.dataset.ready = "yes";
  const data = root.querySelector("#cb-form-data").dataset;
  const schema = JSON.parse(data.schema);
  const sources = JSON.parse(data.sources || "[]");
  const folder = form.dataset.folder;
  const check = checker(schema, { patterns: JSON.parse(data.patterns || "{}"), sources,
    existing: JSON.parse(data.existing || "[]"), folder });
  const github = form.dataset.github;
  const $ = (selector) => form.querySelector(selector);
  const touched = new Set();
  const state = { attempted: false, problems: [], yaml: "", name: "", record: {}, fits: true };

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

  function showErrors() {
    const messages = new Map();
    for (const p of state.problems) {
      const el = locate(p.path);
      if (el) messages.set(el, [...(messages.get(el) || []), p.message]);
    }
    for (const field of form.querySelectorAll("[data-widget]")) {
      const box = field.querySelector(":scope > .cb-error");
      if (!box) continue;
      const own = messages.get(field) || [];
      const input = field.matches("fieldset") ? null : control(field);
      const visible = own.length && (state.attempted || (input ? touched.has(input.id) : [...field.querySelectorAll("input, textarea")].some((i) => touched.has(i.id))));
      box.hidden = !visible;
      if (visible) write(box, own.join(" "));
      else box.replaceChildren();
      if (input) input.setAttribute("aria-invalid", visible ? "true" : "false");
    }
    const list = $(".cb-form-list");
    list.replaceChildren();
    for (const p of state.problems) {
      const el = locate(p.path);
      const target = el && (el.matches("fieldset") ? el.querySelector("input, textarea, button") : control(el));
      const li = document.createElement("li");
      const a = document.createElement(target ? "a" : "span");
      if (target) {
        a.href = `#${target.id || ""}`;
        a.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation(); // not a navigation: Material's instant navigation leaves it alone
          target.focus();
        });
      }
      write(a, p.message);
      li.append(a);
      list.append(li);
    }
    const summary = $(".cb-form-summary");
    const said = state.problems.length
      ? `${plural(state.problems.length, "problem")} to fix before the checks accept this file:`
      : "No problems: the checks (casebook validate) accept this file.";
    // A live region: written only when it changes, so that a screen reader is not told it at every pause.
    if (summary.textContent !== said) summary.textContent = said;
    summary.classList.toggle("cb-form-ok", !state.problems.length);
  }

  function refresh({ save = true } = {}) {
    const record = read(form) || {};
    state.record = record;
    // In the order of the form, as a person reads it.
    const placed = check(record).map((p) => ({ ...p, el: locate(p.path) }));
    const order = [...form.querySelectorAll("[data-widget]")];
    state.problems = placed.sort((a, b) => order.indexOf(a.el) - order.indexOf(b.el));
    const id = typeof record.id === "string" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(record.id) ? record.id : "new-school";
    state.name = `${id}.yaml`;
    state.yaml = dump(record, { first: form.dataset.hint, width: Number(form.dataset.width) || 92, isBlock });
    $(".cb-form-yaml").textContent = state.yaml;
    $(".cb-form-filename").textContent = `${folder}/${state.name}`;
    showErrors();
    if (github) {
      const link = $(".cb-form-github");
      const filename = `${folder}/${state.name}`;
      const full = `${github}?${new URLSearchParams({ filename, value: state.yaml })}`;
      state.fits = full.length <= URL_LIMIT;
      link.href = state.fits ? full : `${github}?${new URLSearchParams({ filename })}`;
    }
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

  function start(record, report) {
    for (const list of form.querySelectorAll(".cb-list")) for (const li of items(list)) li.remove();
    for (const input of form.querySelectorAll("input:not([type=file]), textarea")) {
      if (input.type === "checkbox" || input.type === "radio") input.checked = false;
      else input.value = "";
    }
    if (record) fill(form, record, [], report);
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
  form.addEventListener("input", later);
  form.addEventListener("change", (event) => {
    if (event.target.id === "cb-form-load") return;
    if (event.target.type === "checkbox" || event.target.type === "radio") touched.add(event.target.id);
    later();
  });
  const refreshNow = () => {
    clearTimeout(timer);
    refresh();
  };
  form.addEventListener("focusout", (event) => {
    if (event.target.matches("input:not([type=file]), textarea") && event.target.id) {
      touched.add(event.target.id);
      whenReleased(refreshNow);
    }
  });
  form.addEventListener("submit", (event) => event.preventDefault());

  const status = $(".cb-form-action-status");
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
      ? `Downloaded ${state.name}. It still has ${plural(state.problems.length, "problem")}: load it here later to go on.`
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

  if (github) {
    $(".cb-form-github").addEventListener("click", (event) => {
      attempt();
      if (state.problems.length) {
        event.preventDefault();
        status.textContent = `Fix the ${plural(state.problems.length, "problem")} listed above first: a file the checks reject cannot be published.`;
        $(".cb-form-problems").focus();
        return;
      }
      if (!state.fits) {
        // Too long for the address: GitHub opens with the file name only, and the file is copied.
        navigator.clipboard?.writeText(state.yaml).catch(() => {});
        status.textContent = `Your file is too long to hand to GitHub in the address (GitHub takes about ${URL_LIMIT.toLocaleString("en-GB")} characters), so it is copied instead: paste it into GitHub's editor, which opens in a new tab with the file name filled in.`;
      } else status.textContent = "GitHub's new-file page opens in a new tab with your file filled in.";
    });
  }

  $(".cb-form-clear").addEventListener("click", () => {
    if (!confirm("Clear every answer in the form and the draft kept in this browser?")) return;
    touched.clear();
    state.attempted = false;
    start(null, []);
    setSection(SECTION, {});
    refresh({ save: false });
    $(".cb-draft-status").textContent = "The form is cleared.";
    status.textContent = "";
  });

  $("#cb-form-load").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const load = $(".cb-draft-status");
    try {
      const text = await file.text();
      const yaml = await import("./vendor/js-yaml/js-yaml.mjs");
      let record;
      try {
        record = yaml.load(text, { schema: yaml.YAML11_SCHEMA });
      } catch (error) {
        const mark = error.mark ? ` (line ${error.mark.line + 1}, column ${error.mark.column + 1})` : "";
        load.textContent = `${file.name} could not be read as YAML${mark}: nothing was changed.`;
        return;
      }
      if (!isObject(record)) {
        load.textContent = `${file.name} is not a case-study file (a mapping of fields): nothing was changed.`;
        return;
      }
      const report = [];
      start(record, report);
      touched.clear();
      state.attempted = true;
      refresh();
      write(load, `Loaded ${file.name}.${report.length ? ` ${report.join(" ")}` : ""}`);
    } catch {
      load.textContent = `${file.name} could not be read: nothing was changed.`;
    } finally {
      event.target.value = "";
    }
  });

  // A draft kept from an earlier visit, or a fresh form.
  const kept = getSection(SECTION);
  const report = [];
  start(isObject(kept.record) ? kept.record : null, report);
  await stylesheet();
  for (const note of root.querySelectorAll(".cb-form-fallback")) note.hidden = true;
  form.hidden = false;
  refresh({ save: false });
  if (isObject(kept.record)) {
    write($(".cb-draft-status"), `Your draft was restored from this browser.${report.length ? ` ${report.join(" ")}` : ""}`);
  }
}
