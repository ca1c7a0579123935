// Faceted filtering of a library page. State lives in the URL query: one parameter per
// facet (values OR'd, facets AND'd) and `q` for words. Without JS every card shows.

let current = null; // the library on show; this module outlives instant-navigation page views
addEventListener("popstate", () => {
  if (current?.root.isConnected && location.pathname === current.path) current.load();
});

// The library's own styles (lazy/library.css), added once: pages without a library never load them.
function styles() {
  const href = new URL("./lazy/library.css", import.meta.url).href;
  if ([...document.styleSheets].some((s) => s.href === href)) return;
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href }));
}

// Each facet can fold into a group of its own (its name is a button in the fieldset's legend, so the
// group keeps its name for a screen reader); every group starts open.
let folded = 0; // for the ids the buttons point at

function fold(form, facets) {
  for (const f of facets) {
    const set = form.querySelector(`fieldset.cb-facet[data-facet="${f.id}"]`);
    const legend = set?.querySelector("legend");
    if (!legend || set.querySelector(".cb-facet-options")) continue;
    const options = Object.assign(document.createElement("div"), {
      className: "cb-facet-options",
      id: `cb-facet-${++folded}`,
    });
    options.append(...[...set.childNodes].filter((node) => node !== legend));
    set.append(options);
    const button = Object.assign(document.createElement("button"), { type: "button", className: "cb-facet-toggle" });
    button.setAttribute("aria-controls", options.id);
    f.ticked = document.createTextNode("");
    const count = f.boxes.filter((b) => b.checked).length;
    if (count) f.ticked.data = ` (${count} selected)`;
    button.append(f.legend, f.ticked);
    legend.replaceChildren(button);
    const show = (open) => {
      button.setAttribute("aria-expanded", String(open));
      options.hidden = !open;
    };
    button.addEventListener("click", () => show(options.hidden));
    // Every group starts open, on a phone too: the first filter is two taps away (the panel, the box).
    show(true);
  }
}

/**
 * Make the library under `root` filterable: the URL query holds the state (one parameter per facet,
 * and `q` for words), the count is announced in the `role="status"` element. Safe to call again on
 * every page view of Material's instant navigation (a library is set up once).
 * @param {ParentNode} root the page, or the part of it holding a `.cb-library`
 * @returns {void}
 */
export function init(root) {
  const lib = root.querySelector(".cb-library");
  const form = lib?.querySelector("form.cb-filters");
  if (!form || lib.cbFilters) return;
  lib.cbFilters = true;
  styles();
  const $ = (s) => lib.querySelector(s);
  const q = form.elements.q;
  const list = $(".cb-results");
  const facets = [...form.querySelectorAll("fieldset.cb-facet")].map((set) => {
    const boxes = [...set.querySelectorAll("input")];
    const labels = boxes.map((b) => b.closest("label"));
    return {
      id: set.dataset.facet,
      legend: set.querySelector("legend")?.textContent.trim(),
      boxes,
      labels,
      index: new Map(boxes.map((b, i) => [b.value, i])),
      counts: labels.map((l) => l.querySelector(".cb-n")?.firstChild),
      said: boxes.map(() => -1), // touch the DOM only when a count changes
      on: new Uint8Array(boxes.length),
      n: new Uint32Array(boxes.length),
    };
  });
  const F = facets.length;
  const byEl = new Map();
  // Parse each card once: per facet, the indexes of its values.
  let cards = [...list.children].map((el) => {
    let data = {};
    try {
      data = JSON.parse(el.dataset.facets);
    } catch {}
    const has = facets.map((f) => (data[f.id] || []).map((v) => f.index.get(v)).filter((i) => i >= 0));
    // Words of the title, summary and tags, for whole-word and prefix search.
    const words = [...new Set(el.textContent.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean))];
    const card = { el, has, words, shown: !el.hidden };
    byEl.set(el, card);
    return card;
  });
  const status = $(".cb-count");
  const empty = $(".cb-empty");
  const more = $(".cb-more");
  const active = form.querySelector(".cb-active");
  const total = cards.length;
  const noun = lib.dataset[total === 1 ? "singular" : "plural"];
  // Long lists show a page at a time: drawing a thousand cards would make every change slow.
  const size = +lib.dataset.pageSize || 25;
  let limit = size;
  const printed = lib.querySelector(".cb-print-filters");
  // "Show N results" closes the panel (on a phone it fills the screen) and goes to the list.
  const showButton = form.querySelector(".cb-show");
  // A word matches a whole word of the card, or the start of one if it has two letters or more:
  // "gov" finds "governors", and "school c" finds School C but not every school with a "c" word.
  const matches = (card, w) => card.words.some((x) => x === w || (w.length > 1 && x.startsWith(w)));

  function apply() {
    const words = q.value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const on = [];
    let picked = 0;
    for (let f = 0; f < F; f++) {
      const fc = facets[f];
      let k = 0;
      fc.boxes.forEach((b, i) => (k += fc.on[i] = b.checked));
      if (k) on.push(f);
      picked += k;
      if (fc.ticked && fc.ticked.data !== (k ? ` (${k} selected)` : "")) fc.ticked.data = k ? ` (${k} selected)` : "";
      fc.n.fill(0);
    }
    let matched = 0;
    const ids = [];
    for (const card of cards) {
      // A card counts for a value of facet F if it passes every test but F's,
      // so each box says how many results ticking it would give.
      let fails = 0;
      let failed = F;
      if (words.length && !words.every((w) => matches(card, w))) fails = 1;
      for (let k = 0; k < on.length && fails < 2; k++) {
        const f = on[k];
        if (!card.has[f].some((i) => facets[f].on[i])) {
          fails++;
          failed = f;
        }
      }
      if (!fails) {
        matched++;
        ids.push(card.el.id.slice(5));
        for (let f = 0; f < F; f++) for (const i of card.has[f]) facets[f].n[i]++;
      } else if (fails === 1 && failed < F) for (const i of card.has[failed]) facets[failed].n[i]++;
      const show = !fails && matched <= limit;
      if (card.shown !== show) card.el.hidden = !(card.shown = show);
    }
    for (const fc of facets) {
      fc.said.forEach((old, i) => {
        const n = fc.n[i];
        if (old === n) return;
        fc.said[i] = n;
        if (fc.counts[i]) fc.counts[i].data = `(${n})`; // new data, not a new node: cheaper
        fc.labels[i].classList.toggle("cb-zero", !n);
      });
    }
    const capped = matched > limit ? `; the first ${limit} are shown` : "";
    status.textContent = (picked || words.length ? `${matched} of ${total} ${noun}` : `${total} ${noun}`) + capped;
    if (empty) empty.hidden = matched > 0;
    if (more) {
      more.hidden = !capped;
      more.firstElementChild.textContent = `Show ${Math.min(size, matched - limit)} more`;
    }
    if (active) active.textContent = picked ? `(${picked} selected)` : "";
    if (showButton) showButton.textContent = `Show ${matched} ${lib.dataset[matched === 1 ? "singular" : "plural"]}`;
    if (printed) printed.textContent = describe(words);
    // The comparison table (compare.js) and the similarity ranks (similar.js) follow the shown list.
    lib.cbShown = ids;
    lib.dispatchEvent(new CustomEvent("cb-filtered", { detail: ids }));
  }

  // The heading a printed list carries: which filters made it.
  function describe(words) {
    const parts = facets
      .map((f) => [f, f.boxes.filter((b) => b.checked)])
      .filter(([, on]) => on.length)
      .map(([f, on]) => `${f.legend}: ${on.map((b) => b.dataset.label).join(" or ")}`);
    if (words.length) parts.push(`words: ${words.join(" ")}`);
    return parts.length ? `Filters applied: ${parts.join("; ")}.` : `No filters applied: every ${lib.dataset.singular}.`;
  }

  // Writing the URL is a round trip to the browser process: do it once the list is
  // painted, once for a burst of changes. Other parameters (Material's `h`) are kept.
  let saving = false;
  function save() {
    if (saving) return;
    saving = true;
    requestAnimationFrame(() =>
      setTimeout(() => {
        saving = false;
        const params = new URLSearchParams(location.search);
        for (const f of facets) params.delete(f.id);
        params.delete("q");
        for (const f of facets) for (const b of f.boxes) if (b.checked) params.append(f.id, b.value);
        if (q.value.trim()) params.set("q", q.value.trim());
        const query = params.toString();
        const url = location.pathname + (query && `?${query}`) + location.hash;
        // Replace, not push: the back button leaves the page rather than undoing a click.
        if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
        remember();
      }),
    );
  }

  // What "back to the library" on a record page returns to (casebook.js), for this tab only.
  function remember() {
    try {
      sessionStorage.setItem(`casebook:filters:${location.pathname}`, location.search);
    } catch {}
  }

  // Values this page does not offer are ignored.
  function load() {
    const params = new URLSearchParams(location.search);
    for (const f of facets) {
      const wanted = params.getAll(f.id);
      for (const b of f.boxes) b.checked = wanted.includes(b.value);
    }
    q.value = params.get("q") || "";
    limit = size;
    apply();
    remember();
  }

  function changed() {
    limit = size;
    apply();
    save();
  }

  form.addEventListener("input", changed);
  form.addEventListener("submit", (e) => e.preventDefault());
  for (const button of lib.querySelectorAll(".cb-clear")) {
    button.addEventListener("click", () => {
      for (const f of facets) for (const b of f.boxes) b.checked = false;
      q.value = "";
      changed();
      // The empty-state button has just hidden itself: keep focus somewhere useful.
      if (button.closest(".cb-empty")) q.focus();
    });
  }
  // Tags on cards are links to their filter: ticked here without leaving the page.
  list.addEventListener("click", (event) => {
    const tag = event.target.closest("a.cb-tag[data-facet]");
    const box = tag && form.querySelector(`input[name="${tag.dataset.facet}"][value="${tag.dataset.value}"]`);
    if (!box) return;
    // Handled here: Material's instant navigation (listening on the body) must not load the page
    // again, which showed every card until the new copy's filters ran. The landing wish noted for
    // a new page (casebook.js) is met here, at once.
    event.preventDefault();
    event.stopPropagation();
    try {
      sessionStorage.removeItem("casebook:land");
    } catch {}
    box.checked = true;
    changed();
    toResults();
  });
  form.querySelector(".cb-print")?.addEventListener("click", () => print());
  showButton?.addEventListener("click", () => {
    form.querySelector(".cb-panel").open = false;
    toResults();
  });
  // Print every match, not only the page on show.
  addEventListener("beforeprint", () => {
    if (!lib.isConnected) return;
    limit = Infinity;
    apply();
  });
  addEventListener("afterprint", () => {
    if (!lib.isConnected) return;
    limit = size;
    apply();
  });
  more?.firstElementChild.addEventListener("click", () => {
    const first = limit;
    limit += size;
    apply();
    cards.filter((c) => c.shown)[first]?.el.querySelector("a")?.focus(); // read on from the new cards
  });
  // "Find schools like mine" reorders the cards; the page of results follows the new order.
  list.addEventListener("cb-reorder", () => {
    cards = [...list.children].map((el) => byEl.get(el)).filter(Boolean);
    apply();
  });

  function toResults() {
    const title = lib.querySelector(".cb-results-title");
    title?.scrollIntoView({ block: "start" });
    title?.focus({ preventScroll: true });
  }

  current = { root: lib, path: location.pathname, load };
  load();
  fold(form, facets);
  form.hidden = false;
  if (printed) printed.hidden = false; // shown in print only (library.css)
  // Arriving from a tag link on another page (its fragment names the filter): land on the results.
  let land = location.hash.startsWith("#f-");
  try {
    land = sessionStorage.getItem("casebook:land") === "1" || land;
    sessionStorage.removeItem("casebook:land");
  } catch {}
  if (land) requestAnimationFrame(toResults);
  for (const note of lib.querySelectorAll(".cb-noscript-note")) note.hidden = true;
  // The facets stay folded, so the results come right under the bar; the panel's summary says how
  // many filters are ticked, and "Skip to the results" passes the controls from the keyboard.
}
