// Offline support. Pages (and data such as the search index) are network-first, so readers
// online always get the current build, with the cached copy when offline; the site's styles,
// scripts, fonts and images are cache-first. The build names the cache after a hash of the
// project's assets, so changed assets start a new cache and the old one is dropped.
const CACHE = "casebook-__VERSION__";
const ASSET = ["style", "script", "font", "image", "worker"];

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) =>
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  ),
);

// The first page sends what it loaded before this worker took control: itself and its files.
self.addEventListener("message", (event) => {
  const urls = (event.data && event.data.cache) || [];
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(urls.map((url) => cache.match(url).then((hit) => hit || cache.add(url)).catch(() => {}))),
    ),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== location.origin) return;
  event.respondWith(ASSET.includes(request.destination) ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  return (await caches.match(request)) || networkFirst(request);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    // A library page opened with a filter query is served from its cached unfiltered copy.
    // So is the search index's entry file, which Pagefind asks for with a cache-busting query.
    const ignoreSearch = request.mode === "navigate" || new URL(request.url).pathname.endsWith("/pagefind-entry.json");
    const hit = await caches.match(request, { ignoreSearch });
    if (hit) return hit;
    throw error;
  }
}
