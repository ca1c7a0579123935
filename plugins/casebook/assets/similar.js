// "Find schools like mine": orders the case-study cards by similarity to the reader's
// school and says why on each. What the reader types stays in the form: nothing is stored.

const num = (s) => (s === "" || s == null || isNaN(s) ? null : +s);
const pc = (n) => +n.toFixed(1);
const low = (s) => (/^.[A-Z]/.test(s) ? s : s[0].toLowerCase() + s.slice(1));

// Each dimension: the reader's value, a card's, their distance (one unit: a doubling of
// size, 10 points of free school meals, another setting) and how to say it.
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
  const list = root.querySelector('.cb-library[data-kind="schools"] .cb-results');
  if (!section || !list || section.cbSimilar) return;
  section.cbSimilar = true;
  const form = section.querySelector("form");
  const note = section.querySelector(".cb-similar-note");
  const names = {};
  for (const o of form.elements.setting.options) names[o.value] = o.text;
  const name = (id) => low(names[id] || id);
  const cards = [...list.children].map((el) => {
    let facets = {};
    try {
      facets = JSON.parse(el.dataset.facets);
    } catch {}
    return {
      el,
      why: el.querySelector(".cb-why"),
      title: el.querySelector("h3")?.textContent.trim(),
      pupils: num(el.dataset.pupils),
      fsm: num(el.dataset.fsm),
      settings: facets.setting || [],
    };
  });
  const place = (order) => {
    list.append(...order.map((c) => c.el));
    list.dispatchEvent(new Event("cb-reorder"));
  };

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const els = form.elements;
    const you = { pupils: num(els.pupils.value), fsm: num(els.fsm.value), setting: els.setting.value };
    const dims = DIMS.filter((d) => d.you(you) != null);
    if (!dims.length) {
      note.textContent = "Give at least one fact about your school: pupils, free school meals or setting.";
      return;
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
    scored.forEach((s, rank) => {
      s.card.why.textContent = `Similarity rank ${rank + 1} of ${scored.length}: ${s.parts.join("; ")}.`;
      s.card.why.hidden = false;
    });
    place(scored.map((s) => s.card));
    note.textContent = `The case studies are now ordered by similarity to your school, ${scored[0].card.title} first.`;
  });
  form.querySelector(".cb-similar-clear").addEventListener("click", () => {
    form.reset();
    place(cards);
    for (const c of cards) c.why.hidden = true;
    note.textContent = "The case studies are back in their usual order.";
  });
  section.hidden = false;
}
