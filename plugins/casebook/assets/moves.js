// Loaded on demand. On a record page: its library is marked in the navigation (records are not listed there), and
// "back to the library" returns to the filters the reader left it with (filters.js keeps them
// for this tab). Without JavaScript the link leads to the whole library.
function backToLibrary(root) {
  const back = root.querySelectorAll("a.cb-back");
  if (!back.length) return;
  const path = new URL(back[0].href).pathname;
  let query = null;
  try {
    query = sessionStorage.getItem(`casebook:filters:${path}`);
  } catch {}
  if (query) for (const a of back) a.search = query;
  for (const a of root.querySelectorAll(".md-sidebar--primary a.md-nav__link")) {
    if (new URL(a.href).pathname === path) a.classList.add("md-nav__link--active", "cb-nav-here");
  }
}

export function init(root) {
  backToLibrary(root);
  for (const b of root.querySelectorAll(".cb-print-page")) {
    b.hidden = false;
    b.onclick = () => print();
  }
}
