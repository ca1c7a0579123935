// Material for MkDocs' search worker, answered from the site's Pagefind indexes (see search.py).
//
// Material's page script draws the search box, handles the keyboard and renders results; it
// talks to its worker by messages: SETUP (0) with an index, answered by READY (1); QUERY (2)
// with the text typed, answered by RESULT (3) with `items`, one list per page, the page first
// and then its matching sections. This worker keeps that conversation and asks Pagefind, which
// it loads on the first query (no index is downloaded until someone searches), and which loads
// only the chunks of an index a query needs. Content pages come before contributing pages.
//
// Two indexes: the headlines (each page's title and opening words) are searched first and
// shown at once; then the full text, whose further pages are added below. On a large library a
// common word is on nearly every page, and Pagefind ranks every page holding it before it
// answers: over the full text that took most of a second, over the headlines a small part of it.
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const FIRST = 5; // results shown at once (their previews are fetched first); the rest follow
const BATCH = 15;
const MORE = 50;
const QUIET_MS = 40; // a query still being typed is not searched
const LATER_MS = 250; // the first results' fetches are not crowded by the rest's
const SECTIONS = 3; // sections listed under a page
const EXCERPT_WORDS = 16;
const HEADLINES = "pagefind-headlines/";
const FULL_TEXT = "pagefind/";

// This file is served at <site>/assets/javascripts/workers/<name>.js.
const root = new URL("../../../", self.location.href);
const bundles = new Map();
let latest = 0;

// Each index is its own copy of Pagefind's script (a module per address), loaded once.
function load(folder) {
  if (!bundles.has(folder)) {
    bundles.set(folder, import(new URL(`${folder}pagefind.js`, root).href).then(async (module) => {
      await module.options({ excerptLength: EXCERPT_WORDS, baseUrl: root.pathname });
      await module.init();
      return module;
    }));
  }
  return bundles.get(folder);
}

// Material's page script resolves every location against the site before its worker sees it,
// and expects absolute URLs back; Pagefind gives paths from the server root.
function absolute(url) {
  return new URL(url, root).href;
}

// Material's page script writes a result's title and text as HTML. Pagefind gives titles as the
// page's plain text, and excerpts as text with <mark> around the words found: contributed text
// such as "<img onerror=...>" in a title must arrive as text, so everything but <mark> is escaped.
function escapeHtml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function safeExcerpt(excerpt) {
  return String(excerpt || "").replace(/<(?!\/?mark>)/g, "&lt;");
}

function item(data, score, terms) {
  const sections = (data.sub_results || [])
    .filter((sub) => sub.url.includes("#") && sub.url !== data.url && sub.title !== data.meta.title)
    .slice(0, SECTIONS)
    .map((sub) => ({ location: absolute(sub.url), title: escapeHtml(sub.title), text: safeExcerpt(sub.excerpt),
      score, terms }));
  const title = escapeHtml(data.meta.title || data.url);
  return [{ location: absolute(data.url), title, text: safeExcerpt(data.excerpt), score, terms }, ...sections];
}

// Pagefind answers a word its index lacks with the pages holding the longest start of it that the
// index has ("industrial" finds "in"). Over every page's text that is rare; over the headlines it
// is common, so a page found by its headline is kept only if the headline holds each word typed,
// or a word starting like it (Pagefind's stemming cuts a few letters: "parents" finds "parent").
function holds(page, words) {
  const text = String(page.content || "").toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const shared = (a, b) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  return words.every((word) => {
    const need = Math.min(word.length, Math.max(3, word.length - 3));
    return text.some((found) => shared(found, word) >= need);
  });
}

// One index's pages of one area, in Pagefind's order of relevance.
async function search(folder, query, area) {
  const module = await load(folder);
  const found = await module.search(query, { filters: { area } });
  return found ? found.results : [];
}

async function answer(query, id) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const terms = Object.fromEntries(words.map((word) => [word.toLowerCase(), true]));
  const items = [];
  const seen = new Map(); // page address -> its place in `items`: each page is listed once
  const send = () => postMessage({ type: RESULT, data: { items: [...items] } });
  const stale = () => id !== latest; // a newer query is on its way

  // Adds `results` to the list a batch at a time (a batch's previews are fetched together), up to
  // MORE pages; the first batch is small, and the next waits a moment so as not to crowd it. A page
  // listed already (found by its headline) keeps its place and gains the full text's matching
  // sections. Only pages that `keep` accepts are listed. False once the query is stale.
  async function list(results, keep = () => true) {
    for (let start = 0; start < results.length && seen.size < MORE; ) {
      const first = seen.size === 0;
      const batch = results.slice(start, start + Math.min(first ? FIRST : BATCH, MORE - seen.size));
      start += batch.length;
      const pages = (await Promise.all(batch.map((result) => result.data()))).filter(keep);
      if (stale()) return false;
      if (!pages.length) break; // a batch with nothing kept: what ranks lower will not be either
      let changed = 0;
      for (const page of pages) {
        const place = seen.get(page.url);
        if (place === undefined) {
          seen.set(page.url, items.length);
          items.push(item(page, MORE * 2 - seen.size, terms));
          changed++;
        } else if (items[place].length === 1) {
          const [head] = items[place];
          items[place] = [head, ...item(page, head.score, terms).slice(1)];
          changed += items[place].length > 1;
        }
      }
      if (changed) send();
      if (first && seen.size) await new Promise((resolve) => setTimeout(resolve, LATER_MS));
      if (stale()) return false;
    }
    return true;
  }

  if (!words.length) return send();
  const typed = words.map((word) => word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
  const keep = { [HEADLINES]: (page) => holds(page, typed), [FULL_TEXT]: undefined };
  // Content pages before contributing pages, each by headline and then by full text. Only MORE
  // are listed, so the contributing pages are looked for only when content leaves room: a common
  // word matches most pages of a large library, and ranking them all again doubled the wait.
  for (const area of ["content", "contributing"]) {
    for (const folder of [HEADLINES, FULL_TEXT]) {
      if (seen.size >= MORE) break;
      const results = await search(folder, query, area);
      if (stale() || !(await list(results, keep[folder]))) return;
    }
  }
  if (!seen.size) send(); // nothing found: an empty list says so
}

addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === SETUP) {
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    const id = ++latest;
    setTimeout(() => {
      if (id !== latest) return;
      answer(String(message.data || ""), id).catch((error) => {
        console.warn("search:", error);
        postMessage({ type: RESULT, data: { items: [] } });
      });
    }, QUIET_MS);
  }
});
