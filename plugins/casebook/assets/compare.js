// The comparison table follows the library: the schools the filters show, in the order shown,
// a page of columns at a time. Without JavaScript the table holds every school.
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

  lib.addEventListener("cb-filtered", (e) => {
    ids = e.detail;
    first = 0;
    draw();
  });
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
  ids = lib.cbShown || [...columns.keys()];
  draw();
}
