// Self-check answers: the one module that knows how they are stored.
//
// Storage layout (localStorage only; nothing is ever sent anywhere). One key per self-check:
//   "casebook:selfcheck:<selfCheckId>" -> JSON
//   {"version": <the self-check's data-version when saved>,
//    "updated": "<ISO 8601 time of the last save>",
//    "answers": {"<questionId>": {"status": "not-yet" | "in-progress" | "in-place",
//                                 "note"?: string, "owner"?: string, "due"?: "YYYY-MM-DD"}}}
// An answer may lack a status when the reader only typed a note. Owner and due date come
// from the action plan. Empty fields are not stored; an answer with no field left is removed.
//
// Reading is forgiving: `load` keeps every answer that still fits the page's self-check
// (its question ids and the three statuses) and returns a sentence for each thing it dropped,
// so a corrupt value or one saved for an older version never breaks a page.
//
// Other features keep small state of their own through `getSection`/`setSection`:
//   "casebook:section:<name>" -> {"format": 2, "updated": "<ISO time>", "value": {<plain JSON object>}}
//
// Export file: {"format": "casebook-selfchecks", "exported": "<ISO time>",
//               "checks": {"<selfCheckId>": <the stored record above>},
//               "sections": {"<name>": <value>}}   (absent from files of version 1)

export const STATUSES = { "not-yet": "Not yet", "in-progress": "In progress", "in-place": "In place" };
const PREFIX = "casebook:selfcheck:";
const FORMAT = "casebook-selfchecks";
const FIELDS = { note: (s) => s.trim(), owner: (s) => s.trim(), due: (s) => /^\d{4}-\d{2}-\d{2}$/.test(s) };
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const SECTION = "casebook:section:";
const SECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;
// Keys that would reach an object's prototype if the value were ever merged with assignment.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Every self-check the page lists (hub and plan embed them as JSON in an attribute), each
// with `questions`: a Map of question id -> {id, text, read}.
export function catalogue(root) {
  const el = root.querySelector("#cb-selfchecks");
  return el
    ? JSON.parse(el.dataset.checks).map((c) => ({
        ...c,
        questions: new Map(c.groups.flatMap((g) => g.questions.map((q) => [q.id, q]))),
      }))
    : [];
}

// Keep what fits `check` ({id, version, questions: Map or Set of ids}) from a parsed record.
function clean(record, check) {
  if (!isObject(record) || !isObject(record.answers)) {
    return { answers: {}, dropped: ["Your saved answers to this self-check could not be read, so none were kept."] };
  }
  const answers = {};
  const gone = [];
  let badAnswers = 0;
  let badFields = 0;
  for (const [qid, a] of Object.entries(record.answers)) {
    if (!check.questions.has(qid)) gone.push(qid);
    else if (!isObject(a) || (a.status !== undefined && !(a.status in STATUSES))) badAnswers++;
    else {
      const kept = a.status ? { status: a.status } : {};
      for (const [f, ok] of Object.entries(FIELDS)) {
        if (a[f] === undefined) continue;
        if (typeof a[f] === "string" && ok(a[f])) kept[f] = a[f];
        else badFields++;
      }
      if (Object.keys(kept).length) answers[qid] = kept;
    }
  }
  const dropped = [];
  if (gone.length) {
    const why = String(record.version) === String(check.version) ? "does not have"
      : `no longer has (they were saved for version ${record.version}, this is version ${check.version})`;
    dropped.push(`Dropped ${plural(gone.length, "saved answer")} to questions this self-check ${why}: ${gone.join(", ")}.`);
  }
  if (badAnswers) dropped.push(`Dropped ${plural(badAnswers, "saved answer")} that could not be read.`);
  if (badFields) dropped.push(`Dropped ${plural(badFields, "note, owner or date")} that could not be read.`);
  return { answers, dropped };
}

// The answers stored for `check`, cleaned, and a sentence for each thing dropped. Never throws.
export function load(check) {
  let raw = null;
  try {
    raw = localStorage.getItem(PREFIX + check.id);
  } catch {
    // Storage switched off: nothing was saved, so nothing to restore.
  }
  if (raw === null) return { answers: {}, dropped: [] };
  let record = null;
  try {
    record = JSON.parse(raw);
  } catch {
    // Not JSON: `clean` reports it as unreadable.
  }
  return clean(record, check);
}

// Store `answers` for `check` (or remove the key when there are none). False if the browser refused.
export function save(check, answers) {
  try {
    if (Object.keys(answers).length) {
      const record = { version: check.version, answers, updated: new Date().toISOString() };
      localStorage.setItem(PREFIX + check.id, JSON.stringify(record));
    } else localStorage.removeItem(PREFIX + check.id);
    return true;
  } catch {
    return false;
  }
}

// Change one question's answer: set each field of `patch`, removing empty ones. Re-reads storage
// first so that the plan (owner, date) and the self-check page (status, note) never undo each other.
export function update(check, qid, patch) {
  const { answers } = load(check);
  const a = { ...answers[qid], ...patch };
  for (const k of Object.keys(a)) if (!a[k].trim()) delete a[k];
  if (Object.keys(a).length) answers[qid] = a;
  else delete answers[qid];
  return save(check, answers) ? answers : null;
}

export function counts(answers) {
  const all = Object.values(answers);
  return { answered: all.filter((a) => a.status).length, inPlace: all.filter((a) => a.status === "in-place").length };
}

// -- sections: small state other features keep (for example the study route's "read" marks) ----

// A JSON value rebuilt from plain parts only: objects with safe keys, arrays, strings, finite
// numbers, booleans and null. Anything else (a function, a Date, a key such as "__proto__") is left out.
function plainJSON(v, depth = 0) {
  if (depth > 20) return undefined;
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (Array.isArray(v)) return v.map((x) => plainJSON(x, depth + 1)).filter((x) => x !== undefined);
  if (typeof v !== "object") return undefined;
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    const kept = UNSAFE_KEYS.has(k) ? undefined : plainJSON(x, depth + 1);
    if (kept !== undefined) out[k] = kept;
  }
  return out;
}

function sectionName(name) {
  if (typeof name !== "string" || !SECTION_NAME.test(name)) {
    throw new TypeError(`casebook: a section name is lower-case letters, digits and hyphens, not ${JSON.stringify(name)}`);
  }
  return name;
}

// The value a stored section record holds, or null when it cannot be read.
function sectionValue(record) {
  if (!isObject(record)) return null;
  // Format 2 is the first with sections; a later format converts here, so older data still reads.
  if (record.format !== 2 || !isObject(record.value)) return null;
  return plainJSON(record.value);
}

/** The state kept under `name`: a plain object, empty when nothing (or nothing readable) is stored. */
export function getSection(name) {
  const key = SECTION + sectionName(name);
  try {
    const raw = localStorage.getItem(key);
    return (raw !== null && sectionValue(JSON.parse(raw))) || {};
  } catch {
    return {};
  }
}

/** Keep `value` (a plain JSON object) under `name`; an empty object removes it. False if the browser refused. */
export function setSection(name, value) {
  const key = SECTION + sectionName(name);
  if (!isObject(value) || !isObject(plainJSON(value))) throw new TypeError("casebook: a section's value is a plain object");
  const kept = plainJSON(value);
  try {
    if (Object.keys(kept).length) {
      localStorage.setItem(key, JSON.stringify({ format: 2, updated: new Date().toISOString(), value: kept }));
    } else localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

// Every section stored in this browser, by name.
function allSections() {
  const out = {};
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      const name = key && key.startsWith(SECTION) ? key.slice(SECTION.length) : null;
      if (name && SECTION_NAME.test(name)) {
        const value = getSection(name);
        if (Object.keys(value).length) out[name] = value;
      }
    }
  } catch {
    // Storage switched off: nothing to export.
  }
  return out;
}

export function exportAll(checks) {
  const out = { format: FORMAT, version: 2, exported: new Date().toISOString(), checks: {}, sections: allSections() };
  for (const c of checks) {
    const { answers } = load(c);
    if (Object.keys(answers).length) out.checks[c.id] = { version: c.version, answers };
  }
  return out;
}

// Merge an export file's answers into storage (the file wins, question by question).
// Throws an Error whose message tells the reader what is wrong with the file.
export function importAll(text, checks) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("That file is not an answers file: it is not valid JSON.");
  }
  if (!isObject(data) || data.format !== FORMAT || !isObject(data.checks)) {
    throw new Error("That file is not an answers file exported from this library.");
  }
  const known = new Map(checks.map((c) => [c.id, c]));
  const report = { checks: 0, answers: 0, dropped: [] };
  const staged = [];
  for (const [id, record] of Object.entries(data.checks)) {
    const check = known.get(id);
    if (!check) {
      report.dropped.push(`Skipped answers to a self-check this library does not have: ${id}.`);
      continue;
    }
    const { answers, dropped } = clean(record, check);
    report.dropped.push(...dropped.map((d) => `${check.title}: ${d}`));
    const n = Object.keys(answers).length;
    if (!n) continue;
    staged.push([check, answers]);
    report.checks++;
    report.answers += n;
  }
  const sections = [];
  if (data.sections !== undefined) {
    if (!isObject(data.sections)) report.dropped.push("Skipped other saved state that could not be read.");
    else {
      for (const [name, value] of Object.entries(data.sections)) {
        if (SECTION_NAME.test(name) && isObject(value)) sections.push([name, { ...getSection(name), ...plainJSON(value) }]);
        else report.dropped.push(`Skipped saved state that could not be read: ${name}.`);
      }
    }
  }
  // Write only after the whole file was read, so a bad file changes nothing.
  for (const [check, answers] of staged) {
    if (!save(check, { ...load(check).answers, ...answers })) throw new Error("This browser would not save the answers.");
  }
  for (const [name, value] of sections) {
    if (!setSection(name, value)) throw new Error("This browser would not save the answers.");
  }
  report.sections = sections.length;
  return report;
}

// Offer `text` as a file download; no server is involved.
export function download(name, type, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
