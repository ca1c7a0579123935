// Moving every answer and saved setting between browsers as a file (the hub's export and import),
// kept apart from store.js so that the pages which only read and save answers load less.
//
// Storage (store.js), one key per self-check:
//   "casebook:selfcheck:<selfCheckId>" -> {"format": 3 (2 or absent in older formats), "version": <the
//   self-check's data-version when saved>, "updated": "<ISO time>", "answers": {"<questionId>":
//   {"status"?: "not-yet" | "in-progress" | "in-place", "note"?, "act"?: true, "at"?: "<ISO time>",
//    "owner"?, "due"?: "YYYY-MM-DD", "action"?, "step"?: "not-started" | "in-progress" | "done",
//    "done"?: "YYYY-MM-DD", "planAt"?: "<ISO time>"}}}
// A practice has a `status` and an optional `note`; a reflection has the reader's words in `note`
// and `act: true` when flagged to act on (a `status` on a reflection was given when it was a
// practice: kept and shown). `at` dates the answer (status, note, act), `planAt` its plan fields
// (owner, due date, what will be done, the step reached, the day marked done). Empty fields are not
// stored. Format 1 (statuses, notes, owners, dates; no `act`) and format 2 (no `at`, `planAt`) are
// upgraded on first read; what a page does not know (questions, fields, a newer format) is kept.
// Other features keep state through `getSection`/`setSection`:
//   "casebook:section:<name>" -> {"format": 2, "updated": "<ISO time>", "value": {<plain JSON object>},
//                                 "at": {<dates of the value's items>}}
// (the action plan keeps the school's name in "action-plan", each route its marks in "route-<id>",
// the Add-your-school form its draft in "add-your-school", the job-description builder "jobdesc").
//
// Export file: {"format": "casebook-selfchecks", "version": 3, "exported": "<ISO time>",
//               "checks": {"<selfCheckId>": <a stored record>}, "sections": {"<name>": <value>},
//               "sectionTimes": {"<name>": <its "at" map>}}
// Files of version 1 (no "version", no "sections", records in format 1) and version 2 (records in
// format 2, no "sectionTimes") still import.
//
// Import merges item by item: each answer's own part and its plan part, each item of a section
// (see store.js `items`). An item this browser lacks is added; one it holds differently is replaced
// only when the file's is newer by its own date; nothing here is removed.
import {
  ANSWER_FIELDS, ASIDE, FIELDS, FORMAT_VERSION, PLAN_FIELDS, PREFIX, SECTION, SECTION_NAME, current, examine,
  fromItems, isObject, itemTime, items, own, plainJSON, plural, readKey, safeKey, sectionRecord, some,
} from "./store.js";

const FORMAT = "casebook-selfchecks";
const PARTS = [["answer", ANSWER_FIELDS, "at"], ["plan action", PLAN_FIELDS, "planAt"]];
const KINDS = ["answer", "plan action", "route mark", "draft field", "job-description choice", "action-plan setting",
  "other saved setting"];

// What a section's item is, for the messages ("" for a part that is not counted, as a draft's version).
function kindOf(name, item) {
  if (name.startsWith("route-")) return "route mark";
  if (name === "add-your-school") return item.key === "record" ? "draft field" : "";
  if (name === "jobdesc") return "job-description choice";
  return name === "action-plan" ? "action-plan setting" : "other saved setting";
}

// Every stored key under `prefix`, by the name after it.
function stored(prefix) {
  const out = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && key.startsWith(prefix)) out.push(key.slice(prefix.length));
    }
  } catch {
    // Storage switched off: nothing stored.
  }
  return out.sort();
}

// The fields of one part of an answer that it holds, valid or not (for comparing), or only the valid ones.
const pick = (a, fields, valid = false) => {
  const out = {};
  for (const f of fields) if (isObject(a) && a[f] !== undefined && (!valid || FIELDS[f](a[f]))) out[f] = a[f];
  return out;
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const timed = (t) => (typeof t === "string" ? t : "");

// Every record and section stored in this browser, whole: answers to questions or self-checks this
// page does not know, and records of a newer format, go into the file as they are.
export function exportAll(checks) {
  const known = new Map(checks.map((c) => [c.id, c]));
  const out = { format: FORMAT, version: FORMAT_VERSION, exported: new Date().toISOString(), checks: {},
    sections: {}, sectionTimes: {} };
  for (const id of stored(PREFIX)) {
    if (!safeKey(id)) continue;
    const check = known.get(id) || { id, questions: new Map() };
    const { state, record } = current(check);
    if ((state === "ok" || state === "newer") && Object.keys(record.answers).length) out.checks[id] = record;
  }
  for (const name of stored(SECTION)) {
    if (!SECTION_NAME.test(name)) continue;
    const { value, at } = sectionRecord(name);
    if (!Object.keys(value).length) continue;
    out.sections[name] = value;
    if (Object.keys(at).length) out.sectionTimes[name] = at;
  }
  return out;
}

// How much of each kind a file (or this browser's export) holds: {kind: n}, and the self-checks.
export function tally(data) {
  const n = Object.fromEntries(KINDS.map((k) => [k, 0]));
  let checks = 0;
  for (const record of Object.values(data.checks)) {
    let any = false;
    for (const a of Object.values(record.answers)) {
      for (const [kind, fields] of PARTS) {
        if (Object.keys(pick(a, fields)).length) {
          n[kind]++;
          any = true;
        }
      }
    }
    checks += any;
  }
  for (const [name, value] of Object.entries(data.sections)) {
    for (const it of items(value)) if (kindOf(name, it)) n[kindOf(name, it)]++;
  }
  return { n, checks };
}

// "a, b and c"
const and = (parts) => (parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts[0] || "");

/** The hub's sentence after an export. */
export function exported(data) {
  const { n, checks } = tally(data);
  const parts = KINDS.filter((k) => n[k]).map((k) => plural(n[k], k) + (k === "answer" ? ` (${plural(checks, "self-check")})` : ""));
  return parts.length
    ? `Exported ${and(parts)}. Import the file on the other device, on this page.`
    : "You have nothing saved in this browser to export yet; the file is empty.";
}

// Merge one part of an answer (the answer itself, or its plan fields) from the file into `mine`.
// Returns "added", "updated", "kept" or "" (nothing to do).
function mergePart(mine, theirs, fields, time) {
  const t = pick(theirs, fields, true);
  if (!Object.keys(t).length) return "";
  const m = pick(mine, fields);
  if (same(m, t)) return "";
  const newer = timed(theirs[time]) > timed(mine[time]);
  const outcome = !Object.keys(m).length ? "added" : newer ? "updated" : "kept";
  if (outcome === "kept") return outcome;
  for (const f of fields) delete mine[f];
  Object.assign(mine, t);
  if (timed(theirs[time])) mine[time] = theirs[time];
  else delete mine[time];
  return outcome;
}

// Merge a section's items from the file into what is stored; returns the merged {value, at}.
function mergeSection(name, mine, theirs, theirsAt, count) {
  const list = items(mine.value).map((it) => ({ ...it, time: itemTime(mine.at, it) || mine.updated }));
  const byId = new Map(list.map((it) => [it.id, it]));
  const shape = (it) => (it.sub === undefined ? "one" : it.list ? "list" : "map");
  const shapes = new Map(list.map((it) => [it.key, shape(it)]));
  let changed = false;
  for (const it of items(theirs)) {
    const kind = kindOf(name, it);
    const time = itemTime(theirsAt, it);
    const have = byId.get(it.id);
    if (!have) {
      // A key held here in another shape (a list here, a single value there) is kept as it is.
      if (shapes.has(it.key) && shapes.get(it.key) !== shape(it)) count(kind, "kept");
      else {
        list.push({ ...it, time });
        shapes.set(it.key, shape(it));
        count(kind, "added");
        changed = true;
      }
    } else if (!same(have.value, it.value)) {
      if (time > have.time) {
        Object.assign(have, { value: it.value, time });
        count(kind, "updated");
        changed = true;
      } else count(kind, "kept");
    }
  }
  return changed ? fromItems(list) : null;
}

/** The hub's sentence after an import. */
export function imported(report, file) {
  const said = [];
  for (const kind of KINDS) {
    const c = report.counts[kind];
    if (!c) continue;
    const parts = [["added", ""], ["updated", ""], ["kept", " (yours were newer)"]].filter(([k]) => c[k]);
    said.push(parts.map(([k, why], i) => `${i ? c[k] : plural(c[k], kind)} ${k}${why}`).join(", "));
  }
  const head = said.length ? `From ${file}: ${said.join("; ")}.`
    : report.held ? `${file} held nothing that is not already saved here.` : `${file} held no saved work to import.`;
  return [head, ...report.skipped].join(" ");
}

// Merge an export file into storage, item by item (see the top of this file). Returns a report
// for `imported`. Throws an Error whose message tells the reader what is wrong with the file.
// All or nothing: if the browser refuses one write (storage full), every key written is put back.
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
  if (data.version !== undefined && ![1, 2, FORMAT_VERSION].includes(data.version)) {
    throw new Error(`That answers file is of version ${String(data.version).slice(0, 20)}, newer than this library reads: update the page and try again.`);
  }
  const known = new Map(checks.map((c) => [c.id, c]));
  const counts = {};
  const count = (kind, outcome) => {
    if (!kind) return;
    counts[kind] ||= { added: 0, updated: 0, kept: 0 };
    counts[kind][outcome]++;
  };
  const unknown = [];
  const unreadable = [];
  const newerThere = [];
  const newerHere = [];
  let badAnswers = 0;
  let badFields = 0;
  let held = 0;
  const writes = []; // [key, value]
  for (const [id, record] of Object.entries(data.checks)) {
    const check = own(data.checks, id) && safeKey(id) ? known.get(id) : undefined;
    if (!check) {
      unknown.push(id);
      continue;
    }
    const theirs = examine(record, check);
    if (theirs.state !== "ok") {
      (theirs.state === "newer" ? newerThere : unreadable).push(check.title);
      continue;
    }
    held += Object.keys(theirs.record.answers).length;
    const mine = current(check);
    if (mine.state === "newer") {
      newerHere.push(check.title);
      continue;
    }
    const base = mine.state === "ok" ? mine.record : { format: FORMAT_VERSION, version: check.version, answers: {} };
    const answers = { ...base.answers };
    let changed = Boolean(mine.migrated);
    for (const [qid, a] of Object.entries(theirs.record.answers)) {
      if (!safeKey(qid) || !isObject(a)) {
        badAnswers++;
        continue;
      }
      badFields += Object.keys(FIELDS).filter((f) => a[f] !== undefined && !FIELDS[f](a[f])).length;
      const merged = isObject(answers[qid]) ? { ...answers[qid] } : {};
      for (const [kind, fields, time] of PARTS) {
        const outcome = mergePart(merged, a, fields, time);
        if (outcome) count(kind, outcome);
        if (outcome === "added" || outcome === "updated") {
          changed = true;
          answers[qid] = merged;
        }
      }
    }
    if (!changed) continue;
    if (mine.state === "unreadable" && readKey(ASIDE + check.id) === null) writes.push([ASIDE + check.id, mine.raw]);
    const version = Number(base.version) > Number(check.version) ? base.version : check.version;
    writes.push([PREFIX + check.id, JSON.stringify({ ...base, format: FORMAT_VERSION, version,
      updated: new Date().toISOString(), answers })]);
  }
  const badSections = [];
  if (data.sections !== undefined && !isObject(data.sections)) badSections.push("sections");
  const times = isObject(data.sectionTimes) ? data.sectionTimes : {};
  for (const [name, value] of Object.entries(isObject(data.sections) ? data.sections : {})) {
    const theirs = SECTION_NAME.test(name) && isObject(value) ? plainJSON(value) : null;
    if (!theirs) {
      badSections.push(name);
      continue;
    }
    held += Object.keys(theirs).length;
    const mine = sectionRecord(name);
    if (mine.newer) {
      newerHere.push(name);
      continue;
    }
    const at = own(times, name) && isObject(times[name]) ? plainJSON(times[name]) : {};
    const merged = mergeSection(name, mine, theirs, at, count);
    if (merged) writes.push([SECTION + name, JSON.stringify({ format: 2, updated: new Date().toISOString(), ...merged })]);
  }
  // Summaries, never lists: a file may name any number of things.
  const skipped = [];
  if (unknown.length) skipped.push(`Skipped answers to ${plural(unknown.length, "self-check")} this library does not have: ${some(unknown)}.`);
  if (unreadable.length) skipped.push(`Skipped answers that could not be read to ${plural(unreadable.length, "self-check")}: ${some(unreadable, 3, 80)}.`);
  if (newerThere.length) skipped.push(`Skipped answers saved by a newer version of this library to ${plural(newerThere.length, "self-check")} (${some(newerThere, 3, 80)}): update the page and try again.`);
  if (newerHere.length) skipped.push(`Kept ${plural(newerHere.length, "record")} here unchanged, saved by a newer version of this library: ${some(newerHere, 3, 80)}.`);
  if (badAnswers) skipped.push(`Skipped ${plural(badAnswers, "answer")} that could not be read.`);
  if (badFields) skipped.push(`Skipped ${badFields} ${badFields === 1 ? "status, note, owner or date" : "statuses, notes, owners or dates"} that could not be read.`);
  if (badSections.length) skipped.push(`Skipped ${plural(badSections.length, "saved setting")} that could not be read: ${some(badSections)}.`);

  // Write only after the whole file was read, so a bad file changes nothing; undo on refusal.
  const before = writes.map(([key]) => [key, readKey(key)]);
  let done = 0;
  try {
    for (const [key, value] of writes) {
      localStorage.setItem(key, value);
      done++;
    }
  } catch {
    // New keys go first, to free the room the old values need.
    for (const [key, old] of before.slice(0, done)) if (old === null) localStorage.removeItem(key);
    for (const [key, old] of before.slice(0, done)) if (old !== null) localStorage.setItem(key, old);
    throw new Error("This browser would not save them: its storage for this site may be full or switched off. Your answers here are as they were.");
  }
  return { counts, skipped, held };
}
