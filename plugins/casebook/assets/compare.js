// The comparison table follows the library: the schools the filters show, in the order shown, or
// the ones the reader ticks ("Schools in the table"), a page of columns at a time. Without
// JavaScript the table holds every school.
export function init(root) {
  const box = root.querySelector(".cb-compare");
  const lib = root.querySelector('.cb-library[data-kind="schools"]');
  if (!box || !lib || box.cbCompare) return;
  box.cbCompare = true;
  const table = box.querySelector("table");
  const rows = [...table.rows];
  const size = +box.dataset.pageSize || 6;
  // Each school's cells (its heading and a cell a row), detached once and put back a page at a time.
  const columns = new Map();
  const heads = [...rows[0].cells].slice(1);
  heads.forEach((th, i) => columns.set(th.dataset.id, rows.map((row) => row.cells[i + 1])));
  for (const cells of columns.values()) for (const cell of cells) cell.remove();
  const pager = root.querySelector(".cb-compare-pager");
  const [prev, next] = [pager.querySelector(".cb-compare-prev"), pager.querySelector(".cb-compare-next")];
  const status = pager.querySelector(".cb-compare-status");
  // The reader's own choice of schools; none ticked means the filters' list.
  const pick = root.querySelector(".cb-compare-pick");
  const picked = () => new Set([...(pick?.querySelectorAll("input:checked") || [])].map((b) => b.value));
  let shownIds = [];
  let ids = [];
  let first = 0;
  let printing = false;

  function draw() {
    for (const row of rows) while (row.cells.length > 1) row.cells[1].remove();
    const shown = printing ? ids : ids.slice(first, first + size);
    for (const id of shown) columns.get(id)?.forEach((cell, r) => rows[r].append(cell));
    const many = ids.length > size;
    pager.hidden = !many;
    prev.disabled = first === 0;
    next.disabled = first + size >= ids.length;
    status.textContent = ids.length
      ? `Schools ${first + 1} to ${Math.min(first + size, ids.length)} of ${ids.length} in the table`
      : "No school to compare";
    box.hidden = !ids.length;
  }

  function choose() {
    const chosen = picked();
    // Ticked schools in the library's order, shown by the filters or not: the reader asked for them.
    ids = chosen.size ? [...columns.keys()].filter((id) => chosen.has(id)) : shownIds;
    first = 0;
    draw();
  }
  lib.addEventListener("cb-filtered", (e) => {
    shownIds = e.detail;
    choose();
  });
  pick?.addEventListener("change", choose);
  prev.addEventListener("click", () => {
    first = Math.max(0, first - size);
    draw();
  });
  next.addEventListener("click", () => {
    first += size;
    draw();
  });
  addEventListener("beforeprint", () => {
    if (!box.isConnected) return;
    printing = true;
    draw();
  });
  addEventListener("afterprint", () => {
    if (!box.isConnected) return;
    printing = false;
    draw();
  });
  shownIds = lib.cbShown || [...columns.keys()];
  if (pick) pick.hidden = false;
  choose();
}
