// Material for MkDocs' search worker, answered from the site's Pagefind index (see search.py).
//
// Material's page script draws the search box, handles the keyboard and renders results; it
// talks to its worker by messages: SETUP (0) with an index, answered by READY (1); QUERY (2)
// with the text typed, answered by RESULT (3) with `items`, one list per page, the page first
// and then its matching sections. This worker keeps that conversation and asks Pagefind, which
// it loads on the first query (no index is downloaded until someone searches), and which loads
// only the chunks of the index a query needs. Content pages come before contributing pages.
const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
const FIRST = 5; // results shown at once (their previews are fetched first); the rest follow
const BATCH = 15;
const MORE = 50;
const QUIET_MS = 40; // a query still being typed is not searched
const LATER_MS = 250; // the first results' fetches are not crowded by the rest's
const SECTIONS = 3; // sections listed under a page
const EXCERPT_WORDS = 16;

// This file is served at <site>/assets/javascripts/workers/<name>.js.
const root = new URL("../../../", self.location.href);
let pagefind = null;
let latest = 0;

async function load() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (module) => {
      await module.options({ excerptLength: EXCERPT_WORDS, baseUrl: root.pathname });
      await module.init();
      return module;
    });
  }
  return pagefind;
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

async function search(query) {
  const module = await load();
  // Content first, then contributing pages, each in Pagefind's order of relevance. Only the first
  // MORE are listed, so contributing pages are looked for only when content leaves room: a common
  // word matches most pages of a large library, and scoring them twice doubled the wait.
  const content = await module.search(query, { filters: { area: "content" } });
  const found = content ? content.results : [];
  if (found.length >= MORE) return found;
  const contributing = await module.search(query, { filters: { area: "contributing" } });
  return [...found, ...(contributing ? contributing.results : [])];
}

async function answer(query, id) {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const terms = Object.fromEntries(words.map((word) => [word.toLowerCase(), true]));
  const results = words.length ? await search(query) : [];
  const items = [];
  const send = () => postMessage({ type: RESULT, data: { items: [...items] } });
  for (let start = 0; start < Math.min(results.length, MORE); start += start ? BATCH : FIRST) {
    if (id !== latest) return; // a newer query is on its way
    const batch = results.slice(start, start + (start ? BATCH : FIRST));
    const data = await Promise.all(batch.map((result) => result.data()));
    data.forEach((page, i) => items.push(item(page, batch.length - i + results.length - start, terms)));
    if (id !== latest) return;
    send();
    if (!start) await new Promise((resolve) => setTimeout(resolve, LATER_MS));
  }
  if (!results.length && id === latest) send();
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
