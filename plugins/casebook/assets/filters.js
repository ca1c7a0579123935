// Faceted filtering of a library page (case studies, guidance, CPD models).
// The state lives in the URL query: one parameter per facet, named by its id, with
// value ids (OR within a facet, AND across facets), and `q` for words in the title
// and summary. Without JavaScript the form stays hidden and every card is shown.

let current = null; // the library of the page on show, re-read on popstate

// Material's instant navigation keeps this module alive across page views, so the
// history listener is added once and acts on whichever library is on show.
addEventListener("popstate", () => {
  if (current && current.root.isConnected && location.pathname === current.path) current.load();
});

export function init(root) {
  const lib = root.querySelector(".cb-library");
  const form = lib && lib.querySelector("form.cb-filters");
  if (!form || lib.cbFilters) return;
  lib.cbFilters = true;

  const q = form.elements.q;
  const facets = [...form.querySelectorAll("fieldset.cb-facet")].map((set) => {
    const boxes = [...set.querySelectorAll("input[type=checkbox]")];
    return {
      id: set.dataset.facet,
      boxes,
      index: new Map(boxes.map((box, i) => [box.value, i])),
      labels: boxes.map((box) => box.closest("label")),
      counts: boxes.map((box) => box.closest("label").querySelector(".cb-n")),
      shown: boxes.map(() => -1), // the count on show, to touch the DOM only on change
      selected: new Set(),
    };
  });
  const F = facets.length;

  // Parse every card once: per facet, the indexes of the values it has.
  const cards = [...lib.querySelectorAll(".cb-results > article")].map((el) => {
    let data = {};
    try {
      data = JSON.parse(el.dataset.facets || "{}");
    } catch {}
    const has = facets.map((f) => (data[f.id] || []).map((v) => f.index.get(v)).filter((i) => i !== undefined));
    return { el, has, text: el.dataset.text || "", shown: !el.hidden };
  });

  const status = lib.querySelector(".cb-count");
  const empty = lib.querySelector(".cb-empty");
  const active = form.querySelector(".cb-active");
  const [one, many] = [lib.dataset.singular, lib.dataset.plural];
  const total = cards.length;
  const tallies = facets.map((f) => new Uint32Array(f.boxes.length));

  function apply() {
    const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
    let picked = 0;
    for (const f of facets) {
      f.selected.clear();
      f.boxes.forEach((box, i) => box.checked && f.selected.add(i));
      picked += f.selected.size;
    }
    for (const t of tallies) t.fill(0);
    let shown = 0;
    for (const card of cards) {
      // A card counts towards a value of facet F if it passes every test but F's:
      // so each box shows how many results ticking it would give.
      let fails = 0;
      let failed = -1;
      if (words.length && !words.every((w) => card.text.includes(w))) {
        fails = 1;
        failed = F;
      }
      for (let f = 0; f < F && fails < 2; f++) {
        const sel = facets[f].selected;
        if (sel.size && !card.has[f].some((i) => sel.has(i))) {
          fails++;
          failed = f;
        }
      }
      if (fails === 0) {
        shown++;
        for (let f = 0; f < F; f++) for (const i of card.has[f]) tallies[f][i]++;
      } else if (fails === 1 && failed < F) {
        for (const i of card.has[failed]) tallies[failed][i]++;
      }
      const show = fails === 0;
      if (card.shown !== show) card.el.hidden = !(card.shown = show);
    }
    facets.forEach((f, fi) =>
      f.counts.forEach((span, i) => {
        const n = tallies[fi][i];
        if (f.shown[i] === n) return;
        f.shown[i] = n;
        if (span) span.textContent = `(${n})`;
        f.labels[i].classList.toggle("cb-zero", n === 0);
      }),
    );
    const noun = total === 1 ? one : many;
    status.textContent = picked || words.length ? `${shown} of ${total} ${noun}` : `${total} ${noun}`;
    if (empty) empty.hidden = shown > 0;
    if (active) active.textContent = picked ? `(${picked} selected)` : "";
  }

  // Rebuild our parameters and leave any others (Material's search highlight `h`, say).
  function save() {
    const params = new URLSearchParams(location.search);
    for (const f of facets) params.delete(f.id);
    params.delete("q");
    for (const f of facets) for (const box of f.boxes) if (box.checked) params.append(f.id, box.value);
    const words = q.value.trim();
    if (words) params.set("q", words);
    const query = params.toString();
    const url = location.pathname + (query ? `?${query}` : "") + location.hash;
    // Replace, not push: one history entry per page, not per click.
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
  }

  // Values the page does not offer (unknown ids, or none of these records has them) are ignored.
  function load() {
    const params = new URLSearchParams(location.search);
    for (const f of facets) {
      const wanted = new Set(params.getAll(f.id));
      for (const box of f.boxes) box.checked = wanted.has(box.value);
    }
    q.value = params.get("q") || "";
    apply();
  }

  function clear(event) {
    for (const f of facets) for (const box of f.boxes) box.checked = false;
    q.value = "";
    apply();
    save();
    // The empty-state button hides itself: put focus somewhere useful instead.
    if (event.currentTarget.closest(".cb-empty")) q.focus();
  }

  form.addEventListener("input", () => {
    apply();
    save();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  for (const button of lib.querySelectorAll(".cb-clear")) button.addEventListener("click", clear);

  current = { root: lib, path: location.pathname, load };
  load();
  form.hidden = false;
  for (const note of lib.querySelectorAll(".cb-noscript-note")) note.hidden = true;
  // On a phone the open panel would push the results off screen; the summary says what is ticked.
  const panel = form.querySelector("details.cb-panel");
  if (panel && matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
}
