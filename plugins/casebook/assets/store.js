/**
 * Self-check answers and other small state: the one module that knows how they are stored (in
 * localStorage only). The layouts, and what formats 1 and 2 were, are described in transfer.js.
 *
 * Storage format 3 (December 2026): every answer carries its own change times, `at` (the answer
 * itself: status, note, act) and `planAt` (its action-plan fields: owner, due, action, step, done),
 * ISO date-times that `update` sets on every write, so that an import merges "newer wins" answer by
 * answer. The plan's fields: `action` (what we will do, at most ACTION_MAX characters), `step`
 * (one of STEPS) and `done` (YYYY-MM-DD, the day it was marked done); set them with
 * `update(check, qid, {action, step, done})`. Format 1 and 2 records are upgraded on first read.
 * A page keeps what it does not understand: answers to questions it does not show, fields it does
 * not know and records of a newer format are left as they are (a newer record is read, not written).
 */

export const STATUSES = { "not-yet": "Not yet", "in-progress": "In progress", "in-place": "In place" };
export const STEPS = { "not-started": "Not started", "in-progress": "In progress", done: "Done" };
export const ACTION_MAX = 500;
export const FORMAT_VERSION = 3;
export const PREFIX = "casebook:selfcheck:";
export const SECTION = "casebook:section:";
/** An unreadable record is moved here (once) before a new one replaces it: never silently lost. */
export const ASIDE = "casebook:unreadable:";
export const SECTION_NAME = /^[a-z][a-z0-9-]{0,63}$/;
/**
 * Types for editors (JSDoc; the build strips these blocks from the files it serves).
 * @typedef {"not-yet" | "in-progress" | "in-place"} Status
 * @typedef {{status?: Status, note?: string, act?: true, owner?: string, due?: string, action?: string,
 *   step?: "not-started" | "in-progress" | "done", done?: string, at?: string, planAt?: string}} Answer
 * @typedef {Record<string, Answer>} Answers  question id -> answer
 * @typedef {{id: string, text: string, kind: "practice" | "reflection", read: {title: string, url: string}[]}} Question
 * @typedef {{id: string, version: number, title: string, url: string, groups: object[],
 *   questions: Map<string, Question | string>}} Check
 * @typedef {{answers: Answers, dropped: string[], kept: string[], migrated?: boolean, newer?: boolean,
 *   updated: string}} Loaded
 */
/** Keys that would reach an object's prototype if a value were ever merged by assignment. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
/** @type {(o: object, k: unknown) => boolean} an own property, never one of the prototype chain */
export const own = (o, k) => typeof k === "string" && Object.prototype.hasOwnProperty.call(o, k);
/** @type {(v: unknown) => v is Record<string, unknown>} */
export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
/** @type {(n: number, word: string) => string} */
export const plural = (n, word) => `${n.toLocaleString("en-GB")} ${word}${n === 1 ? "" : "s"}`;
/** A key that may be stored: a question or self-check id, never one that reaches a prototype.
 * @type {(k: unknown) => boolean} */
export const safeKey = (k) => typeof k === "string" && /^[A-Za-z0-9][\w.-]{0,127}$/.test(k) && !UNSAFE_KEYS.has(k);
/** At most `n` names, each cut to `width`, for a message: "a, b, c and 12 more".
 * @type {(names: string[], n?: number, width?: number) => string} */
export const some = (names, n = 3, width = 40) => {
  const cut = names.slice(0, n).map((s) => (s.length > width ? `${s.slice(0, width - 1)}…` : s)).join(", ");
  return names.length > n ? `${cut} and ${(names.length - n).toLocaleString("en-GB")} more` : cut;
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
  "October", "November", "December"];
/** True for a real calendar date written YYYY-MM-DD (not 2024-99-99 or 2027-02-30).
 * @param {unknown} s @returns {boolean} */
export function isDate(s) {
  if (typeof s !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
/** True for an ISO date-time such as `new Date().toISOString()` writes. @param {unknown} s @returns {boolean} */
export const isTime = (s) => typeof s === "string" && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(s) && !Number.isNaN(Date.parse(s));
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
/**
 * The fields of an answer, each with its check. The answer's own fields and its plan fields
 * change at different times (the self-check page, the plan page): each group has its own time.
 */
export const FIELDS = {
  status: (v) => typeof v === "string" && own(STATUSES, v),
  note: text,
  act: (v) => v === true,
  owner: text,
  due: isDate,
  action: (v) => text(v) && v.length <= ACTION_MAX,
  step: (v) => typeof v === "string" && own(STEPS, v),
  done: isDate,
};
export const ANSWER_FIELDS = ["status", "note", "act"];
export const PLAN_FIELDS = ["owner", "due", "action", "step", "done"];
/** The time field that dates `field`. @type {(field: string) => "at" | "planAt"} */
export const timeOf = (field) => (PLAN_FIELDS.includes(field) ? "planAt" : "at");
const TIMES = ["at", "planAt"];

/**
 * Every self-check the page lists (hub and plan embed them as JSON in an attribute), each
 * with `questions`: a Map of question id -> {id, text, kind, read}.
 */
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

/**
 * Format 1 -> 2 -> 3, keeping every key of the record and of each answer.
 * 1 -> 2: format 1 knew only practices. A question that is now a reflection keeps its status
 * (shown beside the text box) and its note (now the reader's answer); if the reader had given it
 * an owner or a date while it was open, it was on their plan, so it is flagged to act on.
 * 2 -> 3: each answer is dated by the record's last save, the best the older formats knew.
 */
/** @param {Record<string, any>} record @param {Check} check @returns {Record<string, any>} */
export function upgrade(record, check) {
  if (record.format === FORMAT_VERSION) return record;
  const when = isTime(record.updated) ? record.updated : "";
  const answers = {};
  for (const [qid, a] of Object.entries(record.answers)) {
    if (UNSAFE_KEYS.has(qid)) continue;
    if (!isObject(a)) {
      answers[qid] = a;
      continue;
    }
    const b = { ...a };
    if (record.format !== 2 && check.questions.has(qid) && kindOf(check, qid) === "reflection") {
      const open = a.status === "not-yet" || a.status === "in-progress";
      if (open && (text(a.owner) || isDate(a.due))) b.act = true;
    }
    if (when) {
      for (const f of Object.keys(FIELDS)) if (b[f] !== undefined && b[timeOf(f)] === undefined) b[timeOf(f)] = when;
    }
    answers[qid] = b;
  }
  return { ...record, format: FORMAT_VERSION, answers };
}

/**
 * What kind of record a stored value is: "ok" (formats 1 to 3, upgraded), "newer" (a later format:
 * read what can be read, write nothing), or "unreadable".
 */
/** @param {unknown} record @param {Check} check
 * @returns {{state: "ok" | "newer" | "unreadable", record: Record<string, any> | null, migrated?: boolean}} */
export function examine(record, check) {
  if (!isObject(record)) return { state: "unreadable", record: null };
  const newer = typeof record.format === "number" && record.format > FORMAT_VERSION;
  if (!isObject(record.answers)) return { state: newer ? "newer" : "unreadable", record: newer ? { answers: {} } : null };
  if (newer) return { state: "newer", record };
  if (record.format !== undefined && record.format !== 1 && record.format !== 2 && record.format !== FORMAT_VERSION) {
    return { state: "unreadable", record: null };
  }
  return { state: "ok", record: upgrade(record, check), migrated: record.format !== FORMAT_VERSION };
}

/**
 * What the page shows of a record: the answers to `check`'s questions, with only the fields it
 * knows and can read. Nothing here is removed from storage; `kept` says what is kept unshown.
 */
/** @param {Record<string, any>} record @param {Check} check @returns {{answers: Answers, kept: string[]}} */
export function view(record, check) {
  const answers = {};
  const gone = [];
  let badAnswers = 0;
  let badFields = 0;
  for (const [qid, a] of Object.entries(record.answers)) {
    if (!check.questions.has(qid)) gone.push(qid);
    else if (!isObject(a)) badAnswers++;
    else {
      const shown = {};
      for (const [f, ok] of Object.entries(FIELDS)) {
        if (a[f] === undefined) continue;
        if (ok(a[f])) shown[f] = a[f];
        else badFields++;
      }
      if (!Object.keys(shown).length) continue;
      for (const t of TIMES) if (isTime(a[t])) shown[t] = a[t];
      answers[qid] = shown;
    }
  }
  const kept = [];
  if (gone.length) {
    const why = String(record.version) === String(check.version) ? "" : ` (saved for version ${record.version}; this is version ${check.version})`;
    kept.push(`${plural(gone.length, "saved answer")} to questions this page does not show${why} ${gone.length === 1 ? "is" : "are"} kept in this browser and in your exports: ${some(gone)}.`);
  }
  if (badAnswers) kept.push(`${plural(badAnswers, "saved answer")} could not be read (kept as saved, not shown).`);
  if (badFields) {
    const what = badFields === 1 ? "status, note, owner or date" : "statuses, notes, owners or dates";
    kept.push(`${badFields} saved ${what} could not be read (kept as saved, not shown).`);
  }
  return { answers, kept };
}

/** @param {string} key @returns {string | null} */
export function readKey(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // Storage switched off: nothing was saved, so nothing to restore.
  }
}

/** The stored record of `check`, read afresh: {raw, state: "none" | "ok" | "newer" | "unreadable", record, migrated}.
 * @param {Check} check @returns {{raw: string | null, state: string, record: object | null, migrated?: boolean}} */
export function current(check) {
  const raw = readKey(PREFIX + check.id);
  if (raw === null) return { raw, state: "none", record: null };
  let parsed = null;
  try {
    parsed = JSON.parse(raw);
  } catch {
    /** Not JSON: unreadable. */
  }
  return { raw, ...examine(parsed, check) };
}

const NEWER = "Your answers to this self-check were saved by a newer version of this library: they are shown, and kept as they are; reload the page to change them.";
const UNREADABLE = "Your saved answers to this self-check could not be read; they are kept aside in this browser, and your answers here start afresh.";

/**
 * The answers stored for `check` (those the page can show), and sentences about the rest. Never
 * throws. A record of an older format is upgraded and written back at once, whole, so it is
 * converted only once; `updated` is the time of the last save ("" if unknown). `dropped` holds
 * what every page should say (unreadable or newer records); `kept` what the self-check page says.
 */
/** @param {Check} check @returns {Loaded} */
export function load(check) {
  const cur = current(check);
  if (cur.state === "none") return { answers: {}, dropped: [], kept: [], updated: "" };
  if (cur.state === "unreadable") return { answers: {}, dropped: [UNREADABLE], kept: [], updated: "" };
  const { answers, kept } = view(cur.record, check);
  const updated = isTime(cur.record.updated) ? cur.record.updated : "";
  if (cur.state === "newer") return { answers, dropped: [NEWER], kept, newer: true, updated };
  if (cur.migrated) {
    try {
      localStorage.setItem(PREFIX + check.id, JSON.stringify(cur.record));
    } catch {
      /** Storage full: the page works from the upgraded copy and upgrades again next time. */
    }
  }
  return { answers, dropped: [], kept, migrated: cur.migrated, updated };
}

/**
 * Write `record` for `check` (or remove the key when it holds no answers); an unreadable value
 * there is first put aside. Throws when the browser refuses.
 */
function put(check, cur, record) {
  if (cur.state === "unreadable" && readKey(ASIDE + check.id) === null) localStorage.setItem(ASIDE + check.id, cur.raw);
  if (Object.keys(record.answers).length) localStorage.setItem(PREFIX + check.id, JSON.stringify(record));
  else localStorage.removeItem(PREFIX + check.id);
}

const empty = (v) => v === undefined || v === null || v === false || (typeof v === "string" && !v.trim());
/** An answer the reader has emptied is removed whole, with any field a newer page gave it. */
const hasData = (a) => Object.keys(a).some((k) => own(FIELDS, k));

/**
 * Change answers to `check`, each as `patches` says ({qid: patch}): set each field of a patch,
 * removing empty ones (blank text, `false`, null). Reads storage afresh and changes only those
 * answers' fields, so the plan (owner, dates, action) and the self-check page (status, note), and
 * other tabs, never undo each other, and whatever the page does not know stays as it was.
 * The answers the page shows afterwards, or null if nothing could be saved (the browser refused,
 * or the record is of a newer format).
 */
/** @param {Check} check @param {Record<string, Partial<Record<keyof Answer, unknown>>>} patches
 * @returns {Answers | null} */
export function patchMany(check, patches) {
  const cur = current(check);
  if (cur.state === "newer") return null;
  const record = cur.state === "ok" ? { ...cur.record, answers: { ...cur.record.answers } }
    : { format: FORMAT_VERSION, version: check.version, answers: {} };
  const now = new Date().toISOString();
  let changed = Boolean(cur.migrated);
  for (const [qid, patch] of Object.entries(patches)) {
    if (!safeKey(qid)) continue;
    const a = isObject(record.answers[qid]) ? { ...record.answers[qid] } : {};
    const touched = new Set();
    for (const [k, v] of Object.entries(patch)) {
      if (!own(FIELDS, k)) continue;
      const before = a[k];
      if (empty(v)) delete a[k];
      else if (FIELDS[k](v)) a[k] = v;
      if (a[k] !== before) touched.add(timeOf(k));
    }
    if (!touched.size) continue;
    changed = true;
    for (const t of touched) a[t] = now;
    if (hasData(a)) record.answers[qid] = a;
    else delete record.answers[qid];
  }
  if (changed) {
    record.format = FORMAT_VERSION;
    /** An older page never lowers the version a newer one saved. */
    if (!(Number(record.version) > Number(check.version))) record.version = check.version;
    record.updated = now;
    try {
      put(check, cur, record);
    } catch {
      return null;
    }
  }
  return view(record, check).answers;
}

/** Change one question's answer (see patchMany). The answers shown afterwards, or null if refused. */
/** @param {Check} check @param {string} qid @param {Partial<Record<keyof Answer, unknown>>} patch
 * @returns {Answers | null} */
export function update(check, qid, patch) {
  return patchMany(check, { [qid]: patch });
}

/**
 * Clear every answer the page shows for `check` (status, note, plan fields); answers to questions
 * it does not show are kept. True when done.
 */
/** @param {Check} check @returns {boolean} */
export function clearAll(check) {
  const all = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, null]));
  return patchMany(check, Object.fromEntries([...check.questions.keys()].map((qid) => [qid, all]))) !== null;
}

/** Whether an answer says anything: a status, words, or the act flag.
 * @type {(a: Answer | undefined, kind: string) => boolean} */
export const answered = (a, kind) => Boolean(a && (a.status || (kind === "reflection" && (a.note || a.act))));

/** How far the reader got on `check`: questions answered, and the practices by status. */
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

/**
 * -- sections: small state other features keep (for example the study route's "read" marks) ----
 *
 * "casebook:section:<name>" -> {"format": 2, "updated": "<ISO time>", "value": {<plain JSON object>},
 *   "at": {<key>: "<ISO time>" | {<entry>: "<ISO time>"}}}
 * A value is merged item by item (see `items`); `at` dates each item, and `setSection` keeps the
 * date of every item it does not change. Format 2 readers that ignore `at` still read the value.
 */

/**
 * A JSON value rebuilt from plain parts only: objects with safe keys, arrays, strings, finite
 * numbers, booleans and null. Anything else (a function, a Date, a key such as "__proto__") is left out.
 */
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

/**
 * The items of a section's value, each merged on its own: a top-level entry; or, when it is an
 * object, each of its entries (a route's `read` marks, a draft's `record` fields, the job
 * description's `chosen` points); or, when it is a list of strings, each string (ticked boxes).
 * @param {Record<string, unknown>} value
 * @returns {{key: string, sub?: string, list?: true, value?: unknown, id: string}[]}
 */
export function items(value) {
  const out = [];
  for (const [key, v] of Object.entries(value)) {
    if (isObject(v) && Object.keys(v).length) {
      for (const [sub, x] of Object.entries(v)) out.push({ key, sub, value: x, id: JSON.stringify([key, sub]) });
    } else if (Array.isArray(v) && v.length && v.every((x) => typeof x === "string")) {
      for (const sub of new Set(v)) out.push({ key, sub, list: true, id: JSON.stringify([key, sub, 1]) });
    } else out.push({ key, value: v, id: JSON.stringify([key]) });
  }
  return out;
}
/** The time an item was last changed, from a section's `at` map ("" if unknown).
 * @param {unknown} at @param {{key: string, sub?: string}} item @returns {string} */
export function itemTime(at, item) {
  const t = isObject(at) && own(at, item.key) ? at[item.key] : undefined;
  const v = item.sub === undefined ? t : isObject(t) && own(t, item.sub) ? t[item.sub] : undefined;
  return isTime(v) ? v : "";
}
/** A value and its `at` map from items (each with `time`), in their order.
 * @param {object[]} list @returns {{value: unknown, at: object}} */
export function fromItems(list) {
  const value = {};
  const at = {};
  for (const it of list) {
    if (it.sub === undefined) {
      value[it.key] = it.value;
      if (it.time) at[it.key] = it.time;
      continue;
    }
    if (!own(value, it.key)) value[it.key] = it.list ? [] : {};
    if (it.list) value[it.key].push(it.sub);
    else value[it.key][it.sub] = it.value;
    if (it.time) (at[it.key] = isObject(at[it.key]) ? at[it.key] : {})[it.sub] = it.time;
  }
  return { value, at };
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function sectionName(name) {
  if (typeof name !== "string" || !SECTION_NAME.test(name)) {
    throw new TypeError(`casebook: a section name is lower-case letters, digits and hyphens, not ${JSON.stringify(name)}`);
  }
  return name;
}

/** The stored record of a section: {value, at, updated} when readable, `newer` when of a later format.
 * An item with no date of its own (saved before format 3) is as old as the record's last save, `updated`.
 * @param {string} name
 * @returns {{value: Record<string, unknown>, at: Record<string, unknown>, updated: string, newer?: boolean}} */
export function sectionRecord(name) {
  const raw = readKey(SECTION + sectionName(name));
  let record = null;
  try {
    record = raw === null ? null : JSON.parse(raw);
  } catch {
    /** Unreadable: as if empty. */
  }
  if (!isObject(record)) return { value: {}, at: {}, updated: "" };
  if (typeof record.format === "number" && record.format > 2) return { value: {}, at: {}, updated: "", newer: true };
  /** Format 2 is the first with sections; a later format converts here, so older data still reads. */
  const value = record.format === 2 && isObject(record.value) ? plainJSON(record.value) : {};
  return { value, at: isObject(record.at) ? plainJSON(record.at) : {}, updated: isTime(record.updated) ? record.updated : "" };
}

/** The state kept under `name`: a plain object, empty when nothing (or nothing readable) is stored.
 * @param {string} name @returns {Record<string, unknown>} */
export function getSection(name) {
  return sectionRecord(name).value;
}

/** Store a section's value with the dates of its items (no checks: callers pass plain JSON).
 * @param {string} name @param {object} value @param {object} at @returns {void} */
export function putSection(name, value, at) {
  const key = SECTION + sectionName(name);
  if (Object.keys(value).length) {
    localStorage.setItem(key, JSON.stringify({ format: 2, updated: new Date().toISOString(), value, at }));
  } else localStorage.removeItem(key);
}

/** Keep `value` (a plain JSON object) under `name`; an empty object removes it. Items that did not
 * change keep their dates; the others are dated now. False if the browser refused, or if what is
 * stored there is of a newer format (then it is kept as it is).
 * @param {string} name @param {Record<string, unknown>} value @returns {boolean} */
export function setSection(name, value) {
  sectionName(name);
  const kept = isObject(value) ? plainJSON(value) : undefined;
  if (!isObject(kept)) throw new TypeError("casebook: a section's value is a plain object");
  const old = sectionRecord(name);
  if (old.newer) return false;
  const before = new Map(items(old.value).map((it) => [it.id, it]));
  const now = new Date().toISOString();
  const list = items(kept).map((it) => {
    const was = before.get(it.id);
    return { ...it, time: (was && same(was.value, it.value) && (itemTime(old.at, was) || old.updated)) || now };
  });
  try {
    putSection(name, kept, fromItems(list).at);
    return true;
  } catch {
    return false;
  }
}

/**
 * A stylesheet of lazy/ (the answer controls, the plan, the hub's chart), added once; resolves
 * when it applies, or after a moment, so that a slow sheet never holds the page back.
 */
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

/** Offer `text` as a file download; no server is involved. */
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
