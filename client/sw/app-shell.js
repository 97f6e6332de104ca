/*
 * The app shell's service worker (issue 14, item 5: a phone in a storeroom with no signal). Built by the
 * "app-shell-worker" plugin of client/vite.config.ts, which fills in the shell's files; production builds only.
 *
 * - pages (navigations): the network first, the cached shell when there is none, so a reload offline still opens
 *   the app — and the ledger form, whose entries wait in IndexedDB (stores/ledgerOutbox.ts);
 * - /assets/: content-hashed, so cached once and served from the cache;
 * - the few API reads the ledger page needs: the network first, the last answer when offline; forgotten when the
 *   user signs out or the session ends;
 * - everything else (every other API call, every write, live video, uploads) is not touched.
 */
const VERSION = __VERSION__;
const SHELL = __SHELL__;
const SHELL_CACHE = `shell-${VERSION}`;
const DATA_CACHE = "ledger-data";
const OFFLINE_READS = [/^\/api\/v1\/auth\/me$/, /^\/api\/v1\/canteens$/, /^\/api\/v1\/ledgers\/(staff|completeness|entries|reviews)$/];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("shell-") && k !== SHELL_CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** what a read answers offline when nothing was kept: the API's own error envelope */
const unavailable = () =>
  new Response(JSON.stringify({ error: { code: "service_unavailable", message: "当前无网络 / offline" } }), { status: 503, headers: { "content-type": "application/json" } });

async function networkFirst(request, cacheName, fallback) {
  try {
    const response = await fetch(request);
    if (response.status === 401) await caches.delete(DATA_CACHE);
    else if (response.ok) await (await caches.open(cacheName)).put(request, response.clone());
    return response;
  } catch {
    return (await caches.match(request, { cacheName })) ?? (await fallback());
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (url.pathname.startsWith("/api/v1/auth/logout")) event.waitUntil(caches.delete(DATA_CACHE));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, SHELL_CACHE, async () => (await caches.match("/", { cacheName: SHELL_CACHE })) ?? Response.error()));
  } else if (url.pathname.startsWith("/assets/")) {
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
  } else if (OFFLINE_READS.some((r) => r.test(url.pathname))) {
    event.respondWith(networkFirst(request, DATA_CACHE, async () => unavailable()));
  }
});
