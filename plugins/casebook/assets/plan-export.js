// The action plan as a file: Markdown (dates for people) or CSV (ISO dates, for spreadsheets),
// each with every field of every item: the open items, then those done with the day they were done.
// Fetched by plan.js only when the reader asks for a download.
import { abs, label, line, plain, stepText } from "./plan.js";
import { STEPS, humanDate, isoDay, plural } from "./store.js";

// Text the reader typed (or a file they imported) goes into a Markdown file as text: every
// character that could start a link, an image, code or emphasis is backslash-escaped, and
// < > & are written as entities (which every Markdown reads as text, where some keep a backslash).
const ENTITIES = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };
export const mdText = (s) => line(s).replace(/[\\`*_{}[\]()#!]/g, "\\$&").replace(/[<>&]/g, (c) => ENTITIES[c]);

export function markdown(groups, done, school, order) {
  const items = groups.flatMap(([, list]) => list);
  const used = [...new Set(items.map((i) => i.check))];
  const out = [
    `# Action plan${school ? ` for ${mdText(school)}` : ""}`,
    "",
    `${humanDate(isoDay())}. ${items.length ? `Open items from ${plural(used.length, "self-check")}: ` : "No open items."}` +
      used.map((c) => `[${mdText(c.title)}](${abs(c.url)})`).join("; ") + (done.length ? ` Done: ${done.length}.` : ""),
  ];
  const entry = (i, box, from) => {
    out.push(`- [${box}] **${label(i)}:** [${mdText(plain(i.q.text))}](${abs(i.url)})`);
    if (from) out.push(`  - From: [${mdText(i.check.title)}](${abs(i.check.url)})`);
    if (i.a.note) out.push(`  - ${i.kind === "reflection" ? "Your answer" : "Note"}: ${mdText(i.a.note)}`);
    out.push(`  - What we will do: ${mdText(i.a.action) || "not set"}`);
    out.push(`  - Owner: ${mdText(i.a.owner) || "not set"}; due: ${humanDate(i.a.due) || "not set"}`);
    out.push(`  - Status: ${stepText(i.a)}`);
    if (i.q.read.length) out.push(`  - Read next: ${i.q.read.map((r) => `[${mdText(r.title)}](${abs(r.url)})`).join("; ")}`);
  };
  for (const [title, list] of groups) {
    if (title !== null) {
      out.push("", typeof title === "string" ? `## ${mdText(title)}` : `## [${mdText(title.title)}](${abs(title.url)})`);
    }
    out.push("");
    for (const i of list) entry(i, " ", order !== "check");
  }
  if (done.length) {
    out.push("", "## Done", "");
    for (const i of done) entry(i, "x", true);
  }
  return `${out.join("\n")}\n`;
}

// A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a formula,
// and some also after leading spaces, a no-break space or a line break, or with the full-width
// forms ＝ ＋ － ＠. Such a cell gets a leading apostrophe, so it stays text.
const FORMULA = /^[\t\r]|^[\s\u200b]*[=+\-@\uff1d\uff0b\uff0d\uff20]/;
export const csvCell = (v) => {
  const s = String(v ?? "");
  return `"${(FORMULA.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

// RFC 4180: every field quoted, quotes doubled, CRLF rows; dates in ISO form for sorting.
export function csv(groups, done = []) {
  const rows = [["Self-check", "Question", "Status", "Note or answer", "Owner", "Due date", "Read next", "Link",
    "What we will do", "Action status", "Done on"]];
  for (const i of [...groups.flatMap(([, list]) => list), ...done]) {
    const read = i.q.read.map((r) => `${r.title} (${abs(r.url)})`).join("; ");
    rows.push([i.check.title, plain(i.q.text), label(i), i.a.note, i.a.owner, i.a.due, read, abs(i.url),
      i.a.action, STEPS[i.a.step || "not-started"], i.a.step === "done" ? i.a.done : ""]);
  }
  // The byte-order mark tells spreadsheet programs the file is UTF-8.
  return `\ufeff${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
