// The addresses of the three ways to send a school's file from the Add your school page: GitHub's
// new-file page, GitHub's issue form "Submit a case study" with its boxes filled in, and an email.
// Each carries the file only when the whole address fits the limit of what opens it.

import { Num } from "./form-number.js";

/**
 * The longest address GitHub answers: "If you create an URL longer than 8191 bytes, the URL will return a
 * `414 URI Too Long` error page" (github/docs pull request 4537, 2021, on issue and pull-request query
 * parameters). The addresses here are ASCII (every other character is %-escaped), so characters are bytes;
 * 8,000 leaves room for the `GET ` and ` HTTP/1.1` a browser sends around it.
 * @type {number}
 */
export const URL_LIMIT = 8000;

/**
 * The longest `mailto:` address sent whole. Chromium on Windows hands a `mailto:` address to the mail
 * program through ShellExecute, and drops it, with no message, when it is longer than 2,048 characters
 * with the two quotation marks it puts around it (chrome/browser/platform_util_win.cc, `kMaxUrlLength`,
 * which quotes Mozilla's nsOSHelperAppService.cpp: "IE 5 and 6 support URLS of 2083 chars in length, 2K
 * is safe"; crbug.com/727909). So 2,046 characters of the address as the browser writes it (`a.href`).
 * A note of October 2026 says Chromium's main branch has since dropped the check; browsers in use still
 * carry it, so the figure stays. Everything else measured takes more: Chromium keeps over 2 MB in a link
 * (2,100,026 characters, tests/browser/test_form.py), Linux's xdg-open one argument of 131,071 bytes (MAX_ARG_STRLEN, measured
 * on the test machine), Outlook on the web a body of 8,000 characters (a third party's measurement).
 * @type {number}
 */
export const MAILTO_LIMIT = 2046;

/** The length of `href` as the browser writes it (its canonical form), which the limits count. */
const written = (href) => new URL(href).href.length;

/**
 * The email link: the file in the message when the whole address fits, else a message saying to attach it.
 * @param {string} email the address of the site's maintainers
 * @param {string} name the file's name, such as `hilltop-primary.yaml`
 * @param {string} yaml the file
 * @returns {{href: string, fits: boolean}}
 */
export function mailto(email, name, yaml) {
  const subject = `Add my school to the library: ${name}`;
  const address = (body) => `mailto:${email}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
  const full = address(`Hello,\n\nHere is my school's file for the library, ${name}, written by the Add your school page:\n\n${yaml}`);
  if (written(full) <= MAILTO_LIMIT) return { href: full, fits: true };
  return {
    href: address(`Hello,\n\nI attach my school's file for the library, ${name}, written by the Add your school page.\n\n`
      + `(Your file was too long to put in this message: attach the file ${name} you downloaded before sending.)\n`),
    fits: false,
  };
}

/**
 * GitHub's new-file page for the file, with the file in it when the address fits.
 * @param {string} base the branch's new-file page, `https://github.com/owner/repo/new/main`
 * @param {string} filename the file's path in the repository
 * @param {string} yaml the file
 * @returns {{href: string, fits: boolean}}
 */
export function proposal(base, filename, yaml) {
  const full = `${base}?${new URLSearchParams({ filename, value: yaml })}`;
  return written(full) <= URL_LIMIT ? { href: full, fits: true } : { href: `${base}?${new URLSearchParams({ filename })}`, fits: false };
}

const text = (v) => (typeof v === "string" ? v : v instanceof Num ? v.yaml : typeof v === "number" ? String(v) : "");
const entries = (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Num) ? Object.entries(v) : []);
const list = (v) => (Array.isArray(v) ? v : []);

/**
 * The boxes of the issue form "Submit a case study" (.github/ISSUE_TEMPLATE/submit-case-study.yml) that a
 * link can fill in (its text boxes; GitHub fills a box from the query parameter named by its `id`), with
 * the answers of `record`, in the form's order. Its `title` box is the issue's own title, given apart.
 * @param {object} record the school, as the form reads it
 * @param {string} yaml the file, for the issue form's last box
 * @param {Record<string, string>} titles the titles of the library's sources, by id
 * @returns {Array<[string, string]>}
 */
export function issueBoxes(record, yaml, titles = {}) {
  const facts = Object.fromEntries(entries(record.facts));
  const notes = Object.fromEntries(entries(facts.notes));
  const sections = entries(record.sections);
  const quotations = sections.flatMap(([, s]) => list(s?.quotations))
    .map((q) => `"${text(q?.text)}" (${text(q?.speaker)})`);
  // "Title, author, year, kind (where in it). Note", one source a line.
  const sources = list(record.sources).map((s) => {
    const found = s?.new_source;
    const what = found ? [found.title, found.author, found.year, found.kind, found.url].map(text).filter(Boolean).join(", ")
      : titles[text(s?.source)] || text(s?.source);
    return `${what}${text(s?.locator) ? ` (${text(s.locator)})` : ""}${found && text(found.note) ? `. ${text(found.note)}` : ""}`;
  });
  const boxes = [
    ["id", text(record.id)], ["summary", text(record.summary)],
    ["evidence_year", text(record.evidence_year)], ["evidence_year_note", text(record.evidence_year_note)],
    ...Object.entries(facts).filter(([k]) => k !== "notes" && k !== "awards_and_networks")
      .flatMap(([k, v]) => [[k, text(v)], [`notes-${k}`, text(notes[k])]]),
    ["awards_and_networks", list(facts.awards_and_networks).map(text).join("\n")],
    ["leadership", text(record.leadership)],
    ...sections.filter(([k]) => k !== "advice").map(([k, s]) => [k, text(s?.body)]),
    ["advice", sections.filter(([k]) => k === "advice").flatMap(([, a]) => list(a)).map((a) => text(a?.text)).join("\n")],
    ["quotations", quotations.join("\n")],
    ["sources-detail", sources.join("\n")],
    ["file", yaml],
  ];
  return boxes.filter(([, v]) => v);
}

/**
 * The issue form's address with its boxes filled in. What does not fit is left out, the file first, then
 * the longest answers; `left` names the boxes left out, for the person to fill in from their file.
 * @param {string} base the issue form's address, `.../issues/new?template=submit-case-study.yml`
 * @param {string} title the school's name, for the issue's title
 * @param {Array<[string, string]>} boxes the boxes and their answers (`issueBoxes`)
 * @returns {{href: string, fits: boolean, left: string[]}}
 */
export function issue(base, title, boxes) {
  const kept = [...boxes];
  const left = [];
  const address = () => `${base}&${new URLSearchParams([["title", `Case study: ${title}`], ...kept])}`;
  const longest = () => kept.reduce((at, [, v], i) => (v.length > kept[at][1].length ? i : at), 0);
  while (kept.length && written(address()) > URL_LIMIT) {
    const at = kept.findIndex(([id]) => id === "file");
    left.push(kept.splice(at >= 0 ? at : longest(), 1)[0][0]);
  }
  return { href: address(), fits: !left.length, left };
}
