// "Where we stand": the reader's self-check answers counted against each of today's standards
// (practices in place, in progress, not yet, not answered; a bar of one square per practice,
// told apart by pattern as well as colour; the date last answered; what is in place), and a
// summary that prints on one A4 page for governors.
let store; // assets/store.js, fetched only where it is needed

const STATES = ["in-place", "in-progress", "not-yet"];
const WORDS = { "in-place": "in place", "in-progress": "in progress", "not-yet": "not yet", none: "not answered" };
const plain = (md) => md.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/[*`]/g, "").replace(/\s+/g, " ").trim();

export function init(root) {
  const page = root.querySelector(".cb-standing:not([data-cb-ready])");
  if (!page) return;
  page.dataset.cbReady = "1";
  return import("./store.js")
    .then(async (module) => {
      store = module;
      await store.styles("standing");
      // Instant navigation may have put a fresh copy of the page in place meanwhile: that copy sets itself up.
      if (document.contains(page)) setupPage(page.parentElement, page);
    })
    .catch((error) => console.error("casebook:", error));
}

// The counts of one self-check's practices, with "none" for those not answered.
function tally(check) {
  const loaded = store.load(check);
  const n = store.counts(loaded.answers, check);
  n.none = n.practices - n["in-place"] - n["in-progress"] - n["not-yet"];
  return { n, loaded };
}

const sentence = (n) => `${STATES.concat("none").map((s) => `${n[s]} ${WORDS[s]}`).join(", ")} (of ${store.plural(n.practices, "practice")})`;

// One square a practice, in the order in place, in progress, not yet, not answered. The words
// beside it say the same, so the bar is hidden from screen readers.
function bar(n) {
  const out = document.createElement("span");
  out.className = "cb-squares";
  out.setAttribute("aria-hidden", "true");
  for (const s of [...STATES, "none"]) {
    for (let i = 0; i < n[s]; i++) out.append(Object.assign(document.createElement("span"), { className: `cb-sq cb-sq-${s}` }));
  }
  return out;
}

// `root`: the element holding this copy of the page (its controls, the summary and the catalogue).
function setupPage(root, page) {
  const { catalogue, getSection, humanDate, isoDay, plural, setSection } = store;
  const checks = new Map(catalogue(root).map((c) => [c.id, c]));
  const school = root.querySelector(".cb-standing-school");
  const name = () => (typeof getSection("action-plan").school === "string" ? getSection("action-plan").school : "");
  school.value = name();

  const heading = () => {
    const n = name().trim();
    page.querySelector(".cb-standing-school-name").textContent = n ? `: ${n}` : "";
    page.querySelector(".cb-standing-date").textContent = `, on ${humanDate(isoDay())}`;
  };
  const refresh = () => {
    const total = { practices: 0, "in-place": 0, "in-progress": 0, "not-yet": 0, none: 0 };
    const lists = [];
    for (const row of page.querySelectorAll("tr[data-selfcheck]")) {
      const check = checks.get(row.dataset.selfcheck);
      if (!check) continue;
      const { n, loaded } = tally(check);
      for (const k of Object.keys(total)) total[k] += n[k];
      for (const cell of row.querySelectorAll("td[data-status]")) cell.textContent = String(n[cell.dataset.status]);
      const words = Object.assign(document.createElement("span"), { className: "cb-sr", textContent: sentence(n) });
      const link = Object.assign(document.createElement("a"), { href: check.url, textContent: n.none === n.practices ? "answer the self-check" : "change answers" });
      row.querySelector(".cb-standing-bar").replaceChildren(bar(n), words, " ", link);
      const when = row.querySelector(".cb-standing-when");
      when.replaceChildren();
      if (loaded.updated && Object.keys(loaded.answers).length) {
        const time = Object.assign(document.createElement("time"), { dateTime: loaded.updated });
        time.textContent = humanDate(isoDay(new Date(loaded.updated)));
        when.append(time);
      } else when.textContent = "Not started";
      const inPlace = [...check.questions.values()].filter((q) => q.kind === "practice" && loaded.answers[q.id]?.status === "in-place");
      if (inPlace.length) lists.push([row.querySelector("th").textContent, inPlace]);
    }
    page.querySelector(".cb-standing-total").textContent = total.practices
      ? `Across the standards with questions: ${sentence(total)}.` : "";
    const box = page.querySelector(".cb-standing-in-place");
    box.replaceChildren(...lists.flatMap(([title, qs]) => [
      Object.assign(document.createElement("h4"), { textContent: `${title} (${plural(qs.length, "practice")})` }),
      Object.assign(document.createElement("ul"), {}),
    ]));
    box.querySelectorAll("ul").forEach((ul, i) => ul.append(...lists[i][1].map((q) => Object.assign(document.createElement("li"), { textContent: plain(q.text) }))));
    page.querySelector(".cb-standing-in-place-list").hidden = !lists.length;
    heading();
  };
  refresh();

  school.addEventListener("input", () => {
    const kept = { ...getSection("action-plan"), school: school.value.replace(/\s+/g, " ").trim() };
    if (!kept.school) delete kept.school;
    setSection("action-plan", kept);
    heading();
  });
  // Another tab's answers, and the date on paper (the day it is printed).
  addEventListener("storage", () => document.contains(page) && refresh());
  addEventListener("beforeprint", () => document.contains(page) && heading());
  root.querySelector(".cb-standing-print").onclick = () => window.print();
  root.querySelector(".cb-standing-controls").hidden = false;
  page.querySelector(".cb-standing-key").hidden = false;
  for (const e of root.querySelectorAll(".cb-noscript-note")) e.hidden = true;
}
