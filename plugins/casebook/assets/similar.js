// "Find schools like mine": puts the case-study cards in order of similarity to the
// reader's school and says why on each card. What the reader types stays in the form:
// nothing is stored or sent.

const num = (s) => (s === "" || s == null || isNaN(+s) ? null : +s);
const fmt = (n) => String(+n.toFixed(1));
const lower = (s) => (/^.[A-Z]/.test(s) ? s : s.charAt(0).toLowerCase() + s.slice(1));

// Each dimension: how far a school is from the reader's (0 = the same), and how to say it.
// One unit is a doubling of size, 10 percentage points of free school meals, or another setting.
const dimensions = [
  {
    get: (you) => (you.pupils > 0 ? you.pupils : null),
    of: (card) => (card.pupils > 0 ? card.pupils : null),
    far: (a, b) => Math.abs(Math.log2(a / b)),
    say: (a, b, d, best) =>
      `${best ? "closest in size" : d < 0.33 ? "similar size" : a > b ? "larger" : "smaller"} (${a} vs your ${b} pupils)`,
    unknown: "pupil numbers not stated",
  },
  {
    get: (you) => you.fsm,
    of: (card) => card.fsm,
    far: (a, b) => Math.abs(a - b) / 10,
    say: (a, b, d, best) =>
      `${best ? "closest" : d <= 0.5 ? "similar" : a > b ? "higher" : "lower"} share on free school meals ` +
      `(${fmt(a)} vs your ${fmt(b)} per cent)`,
    unknown: "free school meals not stated",
  },
  {
    get: (you) => you.setting || null,
    of: (card) => (card.settings.length ? card.settings : null),
    far: (a, b) => (a.includes(b) ? 0 : 1),
    say: (a, b, d, best, names) =>
      d ? `different setting (${a.map((s) => lower(names[s] || s)).join(", ")}; yours: ${lower(names[b] || b)})`
        : `same setting (${lower(names[b] || b)})`,
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
  for (const option of form.elements.setting.options) if (option.value) names[option.value] = option.text;

  const cards = [...list.querySelectorAll(":scope > article")].map((el) => {
    let facets = {};
    try {
      facets = JSON.parse(el.dataset.facets || "{}");
    } catch {}
    return {
      el,
      why: el.querySelector(".cb-why"),
      title: el.querySelector("h3")?.textContent.trim() || el.id,
      pupils: num(el.dataset.pupils),
      fsm: num(el.dataset.fsm),
      settings: facets.setting || [],
    };
  });

  function order() {
    const els = form.elements;
    const you = { pupils: num(els.pupils.value), fsm: num(els.fsm.value), setting: els.setting.value };
    const used = dimensions.filter((dim) => dim.get(you) != null);
    if (!used.length) {
      note.textContent = "Give at least one fact about your school: pupils, free school meals or setting.";
      return;
    }
    const scored = cards.map((card, index) => ({ card, index, score: 0, parts: [] }));
    for (const dim of used) {
      const mine = dim.get(you);
      const far = cards.map((card) => (dim.of(card) == null ? null : dim.far(dim.of(card), mine)));
      const known = far.filter((d) => d != null);
      // A fact a source does not state neither helps nor hurts: it counts as an average distance.
      const guess = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
      const best = Math.min(...known);
      scored.forEach((s, i) => {
        const d = far[i];
        s.score += d == null ? guess : d;
        s.parts.push(d == null ? dim.unknown : dim.say(dim.of(s.card), mine, d, d === best && known.length > 1, names));
      });
    }
    scored.sort((a, b) => a.score - b.score || a.index - b.index);
    scored.forEach((s, rank) => {
      const text = s.parts.join("; ");
      s.card.why.textContent = `Similarity rank ${rank + 1} of ${scored.length}: ${text}.`;
      s.card.why.hidden = false;
    });
    list.append(...scored.map((s) => s.card.el));
    note.textContent = `The case studies are now ordered by similarity to your school, ${scored[0].card.title} first.`;
  }

  function restore() {
    list.append(...cards.map((card) => card.el));
    for (const card of cards) {
      card.why.hidden = true;
      card.why.textContent = "";
    }
    note.textContent = "The case studies are back in their usual order.";
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    order();
  });
  form.querySelector(".cb-similar-clear").addEventListener("click", () => {
    form.reset();
    restore();
  });
  section.hidden = false;
}
