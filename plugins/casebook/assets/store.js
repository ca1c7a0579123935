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
// Export file: {"format": "casebook-selfchecks", "exported": "<ISO time>",
//               "checks": {"<selfCheckId>": <the stored record above>}}

export const STATUSES = { "not-yet": "Not yet", "in-progress": "In progress", "in-place": "In place" };
const PREFIX = "casebook:selfcheck:";
const FORMAT = "casebook-selfchecks";
const FIELDS = ["note", "owner"];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
export const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// Every self-check the page lists (hub and plan embed them as JSON), each with `questions`:
// a Map of question id -> {text, read, group}.
export function catalogue(root) {
  const el = root.querySelector("#cb-selfchecks");
  if (!el) return [];
  return JSON.parse(el.textContent).map((c) => {
    const questions = new Map();
    for (const g of c.groups) for (const q of g.questions) questions.set(q.id, { ...q, group: g.title });
    return { ...c, questions };
  });
}

function read(id) {
  try {
    return localStorage.getItem(PREFIX + id);
  } catch {
    return null;
  }
}

// Keep what fits `check` ({id, version, questions: Map|Set of ids}) from a stored record.
function clean(record, check) {
  const answers = {};
  const dropped = [];
  const gone = [];
  let badStatus = 0;
  let badField = 0;
  for (const [qid, a] of Object.entries(record.answers)) {
    if (!check.questions.has(qid)) {
      gone.push(qid);
      continue;
    }
    if (!isObject(a) || (a.status !== undefined && !(a.status in STATUSES))) {
      badStatus++;
      continue;
    }
    const kept = {};
    if (a.status) kept.status = a.status;
    for (const f of FIELDS) {
      if (typeof a[f] === "string") {
        if (a[f].trim()) kept[f] = a[f];
      } else if (a[f] !== undefined) badField++;
    }
    if (typeof a.due === "string" && DATE.test(a.due)) kept.due = a.due;
    else if (a.due !== undefined && a.due !== "") badField++;
    if (Object.keys(kept).length) answers[qid] = kept;
  }
  const older = String(record.version) !== String(check.version);
  if (gone.length) {
    dropped.push(
      `Dropped ${plural(gone.length, "saved answer")} to questions this self-check ` +
        `${older ? `no longer has (your answers were saved for version ${record.version}, this is version ${check.version})` : "does not have"}: ${gone.join(", ")}.`,
    );
  }
  if (badStatus) dropped.push(`Dropped ${plural(badStatus, "saved answer")} that could not be read.`);
  if (badField) dropped.push(`Dropped ${plural(badField, "note, owner or date")} that could not be read.`);
  return { answers, dropped };
}

// The answers stored for `check`, cleaned, and what was dropped. Never throws.
export function load(check) {
  const raw = read(check.id);
  if (raw === null) return { answers: {}, dropped: [] };
  let record;
  try {
    record = JSON.parse(raw);
  } catch {
    record = null;
  }
  if (!isObject(record) || !isObject(record.answers)) {
    return { answers: {}, dropped: ["Your saved answers to this self-check could not be read, so none were kept."] };
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
  for (const k of Object.keys(a)) if (!a[k]) delete a[k];
  if (Object.keys(a).length) answers[qid] = a;
  else delete answers[qid];
  return save(check, answers) ? answers : null;
}

export function counts(answers) {
  const all = Object.values(answers);
  return { answered: all.filter((a) => a.status).length, inPlace: all.filter((a) => a.status === "in-place").length };
}

export function exportAll(checks) {
  const out = { format: FORMAT, exported: new Date().toISOString(), checks: {} };
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
    if (!isObject(record) || !isObject(record.answers)) {
      report.dropped.push(`Skipped the answers to “${check.title}”: they could not be read.`);
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
  // Write only after the whole file was read, so a bad file changes nothing.
  for (const [check, answers] of staged) {
    if (!save(check, { ...load(check).answers, ...answers })) throw new Error("This browser would not save the answers.");
  }
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
