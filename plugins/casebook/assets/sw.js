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
// "Save the library for offline use" (offline.js) sends the address of the build's list of files.
self.addEventListener("message", (event) => {
  if (event.data && event.data.save) {
    event.waitUntil(saveAll(event.data.save, event.ports[0]));
    return;
  }
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
    if (request.mode === "navigate") return notSaved();
    throw error;
  }
}

// Keep every file the build listed, a few at a time, reporting progress to the page's port.
async function saveAll(manifest, port) {
  const report = (message) => port && port.postMessage(message);
  let done = 0, failed = 0, urls = [];
  try {
    const response = await fetch(manifest, { cache: "no-store" });
    urls = (await response.json()).files.map((path) => new URL(path, manifest).href);
    const cache = await caches.open(CACHE);
    const queue = [...urls];
    const next = async () => {
      for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
        try {
          if (!(await cache.match(url))) await cache.add(url);
        } catch (error) {
          failed += 1;
        }
        done += 1;
        if (done % 10 === 0 || done === urls.length) report({ done, total: urls.length });
      }
    };
    await Promise.all(Array.from({ length: 6 }, next));
    report({ done, total: urls.length, failed, finished: true });
  } catch (error) {
    report({ done, total: urls.length, error: String(error.message || error) });
  }
}

// Offline, a page that was never visited nor saved: say so, and how to keep the whole library.
function notSaved() {
  const about = new URL("about/#reading-offline", registration.scope).href;
  const body = `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Not saved for offline reading</title><main style="font-family: sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em">
<h1>This page is not saved for offline reading</h1><p>You are offline, and this page was not kept in this browser.
Pages you have opened before still work. To keep every page, go online and use
<a href="${about}">Save the library for offline use</a>.</p><p><a href="javascript:history.back()">Go back</a></p></main></html>`;
  return new Response(body, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
