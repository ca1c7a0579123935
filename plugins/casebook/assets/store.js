// Self-check answers and other small state: the one module that knows how they are stored (in
// localStorage only). The layouts, and what format 1 was, are described in transfer.js.

export const STATUSES = { "not-yet": "Not yet", "in-progress": "In progress", "in-place": "In place" };
export const FORMAT_VERSION = 2;
export const PREFIX = "casebook:selfcheck:";
export const SECTION = "casebook:section:";
export const SECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;
/**
 * Types for editors (JSDoc; the build strips these blocks from the files it serves).
 * @typedef {"not-yet" | "in-progress" | "in-place"} Status
 * @typedef {{status?: Status, note?: string, owner?: string, due?: string, act?: true}} Answer
 * @typedef {Record<string, Answer>} Answers  question id -> answer
 * @typedef {{id: string, text: string, kind: "practice" | "reflection", read: {title: string, url: string}[]}} Question
 * @typedef {{id: string, version: number, title: string, url: string, groups: object[],
 *   questions: Map<string, Question | string>}} Check
 * @typedef {{answers: Answers, dropped: string[], migrated?: boolean, updated: string}} Loaded
 */
// Keys that would reach an object's prototype if a value were ever merged by assignment.
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** @type {(o: object, k: unknown) => boolean} an own property, never one of the prototype chain */
export const own = (o, k) => typeof k === "string" && Object.prototype.hasOwnProperty.call(o, k);
/** @type {(v: unknown) => v is Record<string, unknown>} */
export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
/** @type {(n: number, word: string) => string} */
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
/** True for a real calendar date written YYYY-MM-DD (not 2024-99-99 or 2027-02-30).
 * @param {unknown} s @returns {boolean} */
export function isDate(s) {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
/** "2027-03-31" as "31 March 2027" (the same in every browser locale), or "" if not a date.
 * @param {unknown} s @returns {string} */
export function humanDate(s) {
  if (!isDate(s)) return "";
  const [y, m, d] = s.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
/** The calendar day of a Date in the reader's time zone, YYYY-MM-DD (today by default).
 * @param {Date} [d] @returns {string} */
export function isoDay(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

const text = (s) => typeof s === "string" && s.trim() !== "";
const FIELDS = {
  status: (v) => typeof v === "string" && own(STATUSES, v),
  note: text,
  owner: text,
  due: isDate,
  act: (v) => v === true,
};

// Every self-check the page lists (hub and plan embed them as JSON in an attribute), each
// with `questions`: a Map of question id -> {id, text, kind, read}.
/** @param {ParentNode} root @returns {Check[]} */
export function catalogue(root) {
  const el = root.querySelector("#cb-selfchecks");
  return el
    ? JSON.parse(el.dataset.checks).map((c) => ({
        ...c,
        questions: new Map(c.groups.flatMap((g) => g.questions.map((q) => [q.id, q]))),
      }))
    : [];
}

const kindOf = (check, qid) => {
  const q = check.questions.get(qid);
  return (q && typeof q === "object" && q.kind) || (typeof q === "string" ? q : "practice");
};

// Format 1 -> 2. Format 1 knew only practices. A question that is now a reflection keeps its
// status (shown beside the text box) and its note (now the reader's answer); if the reader had
// given it an owner or a date while it was open, it was on their plan, so it is flagged to act
// on and stays there.
function migrate(record, check) {
  if (record.format === FORMAT_VERSION) return record;
  const answers = {};
  for (const [qid, a] of Object.entries(record.answers)) {
    answers[qid] = a;
    if (!isObject(a) || !check.questions.has(qid) || kindOf(check, qid) !== "reflection") continue;
    const open = a.status === "not-yet" || a.status === "in-progress";
    if (open && (text(a.owner) || isDate(a.due))) answers[qid] = { ...a, act: true };
  }
  return { ...record, format: FORMAT_VERSION, answers };
}

// Keep what fits `check` ({id, version, questions: Map of id -> question or kind}) from a parsed record.
/** @param {unknown} record @param {Check} check @returns {Loaded} */
export function clean(record, check) {
  if (!isObject(record) || !isObject(record.answers) || (record.format !== undefined && record.format !== 1
      && record.format !== FORMAT_VERSION)) {
    return { answers: {}, dropped: ["Your saved answers to this self-check could not be read, so none were kept."] };
  }
  const migrated = record.format !== FORMAT_VERSION;
  record = migrate(record, check);
  const answers = {};
  const gone = [];
  let badAnswers = 0;
  let badFields = 0;
  for (const [qid, a] of Object.entries(record.answers)) {
    if (!check.questions.has(qid)) gone.push(qid);
    else if (!isObject(a) || (a.status !== undefined && !FIELDS.status(a.status))) badAnswers++;
    else {
      const kept = {};
      for (const [f, ok] of Object.entries(FIELDS)) {
        if (a[f] === undefined) continue;
        if (ok(a[f])) kept[f] = a[f];
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
  if (badFields) {
    const what = badFields === 1 ? "note, owner or date" : "notes, owners or dates";
    dropped.push(`Dropped ${badFields} ${what} that could not be read.`);
  }
  const updated = typeof record.updated === "string" && !Number.isNaN(Date.parse(record.updated)) ? record.updated : "";
  return { answers, dropped, migrated, updated };
}

/** @param {string} key @returns {string | null} */
export function readKey(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage switched off: nothing was saved, so nothing to restore.
  }
}

// The answers stored for `check`, cleaned, and a sentence for each thing dropped. Never throws.
// A record of an older format is migrated and written back at once, so it is converted only once;
// `updated` is the time of the last save ("" if unknown).
/** @param {Check} check @returns {Loaded} */
export function load(check) {
  const raw = readKey(PREFIX + check.id);
  if (raw === null) return { answers: {}, dropped: [], updated: "" };
  let record = null;
  try {
    record = JSON.parse(raw);
  } catch {
    // Not JSON: `clean` reports it as unreadable.
  }
  const result = clean(record, check);
  if (result.migrated && !result.dropped.length) {
    try {
      write(check, result.answers, result.updated);
    } catch {
      // Storage full: the page works from the migrated copy and migrates again next time.
    }
  }
  return result;
}

function write(check, answers, updated) {
  const record = { format: FORMAT_VERSION, version: check.version, updated: updated || new Date().toISOString(), answers };
  localStorage.setItem(PREFIX + check.id, JSON.stringify(record));
}

// Store `answers` for `check` (or remove the key when there are none). False if the browser refused.
/** @param {Check} check @param {Answers} answers @returns {boolean} */
export function save(check, answers) {
  try {
    if (Object.keys(answers).length) write(check, answers);
    else localStorage.removeItem(PREFIX + check.id);
    return true;
  } catch {
    return false;
  }
}

// Change one question's answer: set each field of `patch`, removing empty ones (blank text,
// `false`, null). Re-reads storage first so that the plan (owner, date) and the self-check page
// (status, note) never undo each other. The answers saved, or null if the browser refused.
/** @param {Check} check @param {string} qid @param {Partial<Record<keyof Answer, unknown>>} patch
 * @returns {Answers | null} */
export function update(check, qid, patch) {
  const { answers } = load(check);
  const a = { ...answers[qid] };
  for (const [k, v] of Object.entries(patch)) {
    if (!own(FIELDS, k)) continue;
    if (v === undefined || v === null || v === false || (typeof v === "string" && !v.trim())) delete a[k];
    else if (FIELDS[k](v)) a[k] = v;
  }
  if (Object.keys(a).length) answers[qid] = a;
  else delete answers[qid];
  return save(check, answers) ? answers : null;
}

/** Whether an answer says anything: a status, words, or the act flag.
 * @type {(a: Answer | undefined, kind: string) => boolean} */
export const answered = (a, kind) => Boolean(a && (a.status || (kind === "reflection" && (a.note || a.act))));

// How far the reader got on `check`: questions answered, and the practices by status.
/** @param {Answers} answers @param {Check} [check]
 * @returns {{answered: number, inPlace: number, practices: number, "in-place": number, "in-progress": number,
 *   "not-yet": number}} */
export function counts(answers, check) {
  const out = { answered: 0, inPlace: 0, practices: 0, "in-place": 0, "in-progress": 0, "not-yet": 0 };
  const kinds = check ? [...check.questions.keys()].map((qid) => [qid, kindOf(check, qid)])
    : Object.keys(answers).map((qid) => [qid, "practice"]);
  for (const [qid, kind] of kinds) {
    const a = answers[qid];
    if (answered(a, kind)) out.answered++;
    if (kind !== "practice") continue;
    out.practices++;
    if (a && a.status) out[a.status]++;
  }
  out.inPlace = out["in-place"];
  return out;
}

// -- sections: small state other features keep (for example the study route's "read" marks) ----

// A JSON value rebuilt from plain parts only: objects with safe keys, arrays, strings, finite
// numbers, booleans and null. Anything else (a function, a Date, a key such as "__proto__") is left out.
/** @param {unknown} v @param {number} [depth] @returns {unknown} */
export function plainJSON(v, depth = 0) {
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

/** The state kept under `name`: a plain object, empty when nothing (or nothing readable) is stored.
 * @param {string} name @returns {Record<string, unknown>} */
export function getSection(name) {
  const raw = readKey(SECTION + sectionName(name));
  try {
    return (raw !== null && sectionValue(JSON.parse(raw))) || {};
  } catch {
    return {};
  }
}

/** Keep `value` (a plain JSON object) under `name`; an empty object removes it. False if the browser refused.
 * @param {string} name @param {Record<string, unknown>} value @returns {boolean} */
export function setSection(name, value) {
  const key = SECTION + sectionName(name);
  const kept = isObject(value) ? plainJSON(value) : undefined;
  if (!isObject(kept)) throw new TypeError("casebook: a section's value is a plain object");
  try {
    if (Object.keys(kept).length) {
      localStorage.setItem(key, JSON.stringify({ format: 2, updated: new Date().toISOString(), value: kept }));
    } else localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

// A stylesheet of lazy/ (the answer controls, the plan, the hub's chart), added once; resolves
// when it applies, or after a moment, so that a slow sheet never holds the page back.
/** @param {string} name @returns {Promise<unknown>} */
export function styles(name) {
  const href = new URL(`./lazy/${name}.css`, import.meta.url).href;
  if ([...document.styleSheets].some((s) => s.href === href)) return Promise.resolve();
  const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href });
  const done = new Promise((resolve) => {
    link.onload = link.onerror = resolve;
    setTimeout(resolve, 1500);
  });
  document.head.append(link);
  return done;
}

// Offer `text` as a file download; no server is involved.
/** @param {string} name @param {string} type @param {string} text @returns {void} */
export function download(name, type, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
