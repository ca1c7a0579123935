// "Find schools like mine": orders the case-study cards by similarity to the reader's school and
// says why on each, ranking among the schools the filters show. What the reader types stays in
// the form and the page's address (`like-*` parameters, so the view can be shared): nothing is stored.

const num = (s) => (s === "" || s == null || isNaN(s) ? null : +s);
const pc = (n) => +n.toFixed(1);
const low = (s) => (/^.[A-Z]/.test(s) ? s : s[0].toLowerCase() + s.slice(1));
const FIELDS = ["pupils", "fsm", "phase", "setting"];
// What the model allows for the numbers (the form's own min and max say the same): an address asking
// for more or less is clamped to it, and the page says so (issue 23: 1e-7 pupils, -50 or 1e308 per cent).
const LIMITS = { pupils: [1, 5000, "pupils", 0], fsm: [0, 100, "per cent on free school meals", 1] };

/** The value an address gives for a number field, within LIMITS, and a sentence when it was changed. */
export function clamp(field, raw) {
  const [min, max, unit, digits] = LIMITS[field];
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n)) return { value: "", said: `The address's ${field === "fsm" ? "free school meals" : "pupils"} value "${String(raw).slice(0, 20)}" is not a number, so it is left out.` };
  const kept = +Math.min(max, Math.max(min, n)).toFixed(digits);
  if (kept === n) return { value: String(kept), said: "" };
  return { value: String(kept), said: `The address asked for ${String(raw).slice(0, 20)} ${unit}; the library compares ${min} to ${max.toLocaleString("en-GB")}, so ${kept} is used.` };
}

// Each dimension: the reader's value, a card's, their distance (one unit: a doubling of size,
// 10 points of free school meals, another setting; another phase weighs twice) and how to say it.
const DIMS = [
  {
    you: (y) => (y.pupils > 0 ? y.pupils : null),
    card: (c) => (c.pupils > 0 ? c.pupils : null),
    far: (a, b) => Math.abs(Math.log2(a / b)),
    say: (a, b, d, best) =>
      `${best ? "closest in size" : d < 0.33 ? "similar size" : a > b ? "larger" : "smaller"} (${a} vs your ${b} pupils)`,
    unknown: "pupil numbers not stated",
  },
  {
    you: (y) => y.fsm,
    card: (c) => c.fsm,
    far: (a, b) => Math.abs(a - b) / 10,
    say: (a, b, d, best) =>
      `${best ? "closest" : d <= 0.5 ? "similar" : a > b ? "higher" : "lower"} share on free school meals ` +
      `(${pc(a)} vs your ${pc(b)} per cent)`,
    unknown: "free school meals not stated",
  },
  {
    you: (y) => y.phase || null,
    card: (c) => (c.phases.length ? c.phases : null),
    far: (a, b) => (a.includes(b) ? 0 : 2),
    say: (a, b, d, best, name) =>
      d ? `different phase (${a.map(name).join(", ")}; yours: ${name(b)})` : `same phase (${name(b)})`,
    unknown: "phase not stated",
  },
  {
    you: (y) => y.setting || null,
    card: (c) => (c.settings.length ? c.settings : null),
    far: (a, b) => (a.includes(b) ? 0 : 1),
    say: (a, b, d, best, name) =>
      d ? `different setting (${a.map(name).join(", ")}; yours: ${name(b)})` : `same setting (${name(b)})`,
    unknown: "setting not stated",
  },
];

export function init(root) {
  const section = root.querySelector(".cb-similar");
  const lib = root.querySelector('.cb-library[data-kind="schools"]');
  const list = lib?.querySelector(".cb-results");
  if (!section || !list || section.cbSimilar) return;
  section.cbSimilar = true;
  const form = section.querySelector("form");
  const note = section.querySelector(".cb-similar-note");
  const names = {};
  for (const select of [form.elements.setting, form.elements.phase]) for (const o of select.options) names[o.value] = o.text;
  const name = (id) => low(names[id] || id);
  const cards = [...list.children].map((el) => {
    let facets = {};
    try {
      facets = JSON.parse(el.dataset.facets);
    } catch {}
    return {
      el,
      id: el.id.slice(5),
      why: el.querySelector(".cb-why"),
      title: el.querySelector("h3")?.textContent.trim(),
      pupils: num(el.dataset.pupils),
      fsm: num(el.dataset.fsm),
      phases: facets.phase || [],
      settings: facets.setting || [],
    };
  });
  let ranked = null; // [{card, parts}] in similarity order, while the reader's order is on
  let phaseNote = "";
  let clamped = ""; // what the address asked for that the model does not allow
  let described = ""; // the facts an address gave, in words
  const why = lib.querySelector(".cb-similar-why");

  const place = (order) => {
    list.append(...order.map((c) => c.el));
    list.dispatchEvent(new Event("cb-reorder"));
  };

  // Ranks count among the schools the filters show, so "rank 1" is always the first one on screen.
  function explain(shownIds) {
    if (!ranked) return;
    const shown = new Set(shownIds);
    const among = ranked.filter((s) => shown.has(s.card.id));
    among.forEach((s, rank) => {
      s.card.why.textContent = `Similarity rank ${rank + 1} of ${among.length}: ${s.parts.join("; ")}.`;
      s.card.why.hidden = false;
    });
    const total = cards.length;
    const which = among.length === total ? `All ${total} case studies are` : `The ${among.length} case studies the filters show (of ${total}) are`;
    // A first school the library knows little about (its card carries an evidence note) says so here too.
    const thin = among[0]?.card.el.querySelector(".cb-card-evidence")?.textContent.replace(/^What the library has: /, "");
    const little = thin ? ` (the library knows little about it: ${thin.charAt(0).toLowerCase()}${thin.slice(1).replace(/\.$/, "")})` : "";
    note.textContent = (among.length
      ? `${which} ordered by similarity to your school, ${among[0].card.title} first${little}.${phaseNote}`
      : `No case study matches the filters.${phaseNote}`);
    if (phaseNote) {
      const link = Object.assign(document.createElement("a"), { href: section.dataset.contribute, textContent: "How to contribute" });
      note.append(link, ".");
    }
    if (clamped) note.append(` ${clamped}`);
    // Cards reordered from an address, not by the reader here: the list itself says why.
    if (why) {
      why.hidden = false;
      why.textContent = `In order of similarity to the school the address describes (${described}), as "Find schools like mine" above explains; clear it there to restore the usual order.`;
    }
  }

  function writeUrl(you) {
    const params = new URLSearchParams(location.search);
    for (const f of FIELDS) params.delete(`like-${f}`);
    if (you) for (const f of FIELDS) if (you[f] != null && you[f] !== "") params.set(`like-${f}`, you[f]);
    const query = params.toString();
    history.replaceState(history.state, "", location.pathname + (query && `?${query}`) + location.hash);
  }

  function order(save) {
    const els = form.elements;
    const you = { pupils: num(els.pupils.value), fsm: num(els.fsm.value), phase: els.phase.value, setting: els.setting.value };
    const dims = DIMS.filter((d) => d.you(you) != null);
    if (!dims.length) {
      note.textContent = "Give at least one fact about your school: pupils, free school meals, phase or setting.";
      return;
    }
    phaseNote = "";
    if (you.phase && !cards.some((c) => c.phases.includes(you.phase))) {
      phaseNote = ` No case study is of a ${name(you.phase)} school yet, so none matches your phase; ` +
        "the order goes by the other facts you gave. Could yours be the first? See ";
    }
    const scored = cards.map((card, index) => ({ card, index, score: 0, parts: [] }));
    for (const dim of dims) {
      const mine = dim.you(you);
      const far = cards.map((c) => (dim.card(c) == null ? null : dim.far(dim.card(c), mine)));
      const known = far.filter((d) => d != null);
      // A fact the source does not state neither helps nor hurts: it counts as the average distance.
      const guess = known.length ? known.reduce((a, b) => a + b) / known.length : 1;
      const best = Math.min(...known);
      scored.forEach((s, i) => {
        const d = far[i];
        s.score += d ?? guess;
        s.parts.push(d == null ? dim.unknown : dim.say(dim.card(s.card), mine, d, d === best && known.length > 1, name));
      });
    }
    scored.sort((a, b) => a.score - b.score || a.index - b.index);
    ranked = scored;
    place(scored.map((s) => s.card)); // filters.js redraws, then announces the shown list
    explain(lib.cbShown || cards.map((c) => c.id));
    if (save) writeUrl(you);
  }

  lib.addEventListener("cb-filtered", (e) => explain(e.detail));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    clamped = described = "";
    if (why) why.hidden = true;
    if (undo) undo.hidden = true;
    order(true);
  });
  // Clearing takes away what the reader typed: it offers to undo, until they order again.
  const undo = section.querySelector(".cb-similar-undo");
  let before = null;
  form.querySelector(".cb-similar-clear").addEventListener("click", () => {
    before = FIELDS.map((f) => form.elements[f].value);
    form.reset();
    ranked = null;
    clamped = described = "";
    if (why) why.hidden = true;
    place(cards);
    for (const c of cards) c.why.hidden = true;
    note.textContent = "The case studies are back in their usual order.";
    if (undo && before.some(Boolean)) undo.hidden = false;
    writeUrl(null);
  });
  undo?.addEventListener("click", () => {
    undo.hidden = true;
    if (!before) return;
    FIELDS.forEach((f, i) => { form.elements[f].value = before[i]; });
    before = null;
    order(true);
    form.querySelector("[type=submit]").focus();
  });
  section.hidden = false;
  // A shared link with the reader's facts: fill the form and order at once.
  const params = new URLSearchParams(location.search);
  if (FIELDS.some((f) => params.has(`like-${f}`))) {
    const said = [];
    for (const f of FIELDS) {
      if (!params.has(`like-${f}`)) continue;
      let value = params.get(`like-${f}`);
      if (LIMITS[f]) {
        const c = clamp(f, value);
        value = c.value;
        if (c.said) said.push(c.said);
      } else if (![...form.elements[f].options].some((o) => o.value === value)) {
        said.push(`The address's ${f} "${value.slice(0, 30)}" is not one the library knows, so it is left out.`);
        value = "";
      }
      form.elements[f].value = value;
    }
    clamped = said.join(" ");
    const els = form.elements;
    described = [els.pupils.value && `${els.pupils.value} pupils`, els.fsm.value && `${els.fsm.value} per cent on free school meals`,
      els.phase.value && name(els.phase.value), els.setting.value && name(els.setting.value)].filter(Boolean).join(", ");
    section.open = true;
    order(clamped ? true : false); // a clamped address is written back as used
  }
}
