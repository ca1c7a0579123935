// Moving every answer and saved setting between browsers as a file (the hub's export and import),
// kept apart from store.js so that the pages which only read and save answers load less.
//
// Storage (store.js), one key per self-check:
//   "casebook:selfcheck:<selfCheckId>" -> {"format": 2 (absent in format 1), "version": <the
//   self-check's data-version when saved>, "updated": "<ISO time>", "answers": {"<questionId>":
//   {"status"?: "not-yet" | "in-progress" | "in-place", "note"?, "act"?: true, "owner"?, "due"?: "YYYY-MM-DD"}}}
// A practice has a `status` and an optional `note`; a reflection has the reader's words in `note`
// and `act: true` when flagged to act on (a `status` on a reflection was given when it was a
// practice: kept and shown). Owner and due date come from the action plan. Empty fields are not
// stored. Format 1 (statuses, notes, owners, dates; no `act`) is migrated on first read.
// Other features keep state through `getSection`/`setSection`:
//   "casebook:section:<name>" -> {"format": 2, "updated": "<ISO time>", "value": {<plain JSON object>}}
// (the action plan keeps the school's name in "action-plan").
//
// Export file: {"format": "casebook-selfchecks", "version": 2, "exported": "<ISO time>",
//               "checks": {"<selfCheckId>": <a stored record>}, "sections": {"<name>": <value>}}
// Files of version 1 (no "version", no "sections", records in format 1) still import.
import {
  FORMAT_VERSION, PREFIX, SECTION, SECTION_NAME, examine, getSection, isObject, load, plainJSON, readKey, view,
} from "./store.js";

const FORMAT = "casebook-selfchecks";

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
  const out = { format: FORMAT, version: FORMAT_VERSION, exported: new Date().toISOString(), checks: {},
    sections: allSections() };
  for (const c of checks) {
    const { answers, updated } = load(c);
    if (Object.keys(answers).length) {
      out.checks[c.id] = { format: FORMAT_VERSION, version: c.version, updated: updated || undefined, answers };
    }
  }
  return out;
}

// Merge an export file's answers into storage (the file wins, question by question).
// Throws an Error whose message tells the reader what is wrong with the file. All or nothing:
// if the browser refuses one write (storage full), every key written is put back as it was.
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
  if (data.version !== undefined && data.version !== 1 && data.version !== 2 && data.version !== FORMAT_VERSION) {
    throw new Error(`That answers file is of version ${data.version}, newer than this library reads: update the page and try again.`);
  }
  const known = new Map(checks.map((c) => [c.id, c]));
  const report = { checks: 0, answers: 0, sections: 0, dropped: [] };
  const writes = []; // [key, value]
  for (const [id, record] of Object.entries(data.checks)) {
    const check = known.get(id);
    if (!check) {
      report.dropped.push(`Skipped answers to a self-check this library does not have: ${id}.`);
      continue;
    }
    const read = examine(record, check);
    const { answers, kept: dropped } = read.state === "ok" ? view(read.record, check) : { answers: {}, kept: ["could not be read."] };
    report.dropped.push(...dropped.map((d) => `${check.title}: ${d}`));
    const n = Object.keys(answers).length;
    if (!n) continue;
    const merged = { ...load(check).answers, ...answers };
    writes.push([PREFIX + check.id, JSON.stringify({ format: FORMAT_VERSION, version: check.version,
      updated: new Date().toISOString(), answers: merged })]);
    report.checks++;
    report.answers += n;
  }
  if (data.sections !== undefined) {
    if (!isObject(data.sections)) report.dropped.push("Skipped other saved state that could not be read.");
    else {
      for (const [name, value] of Object.entries(data.sections)) {
        const kept = SECTION_NAME.test(name) && isObject(value) ? plainJSON(value) : null;
        if (!kept) {
          report.dropped.push(`Skipped saved state that could not be read: ${name}.`);
          continue;
        }
        if (!Object.keys(kept).length) continue;
        const merged = { ...getSection(name), ...kept };
        writes.push([SECTION + name, JSON.stringify({ format: 2, updated: new Date().toISOString(), value: merged })]);
        report.sections++;
      }
    }
  }
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
  return report;
}

