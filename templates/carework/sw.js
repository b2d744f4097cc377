// The offline app's service worker: keeps the app shell (the page, its scripts and styles)
// so /care/app/ opens with no network. Data and sync requests always go to the network.
const VERSION = "care-shell-{{ version }}";
const ASSETS = {{ assets_json|safe }};
const APP_URL = "{{ app_url|escapejs }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("care-shell-") && key !== VERSION).map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function isAppPage(url) {
  return url.origin === self.location.origin && url.pathname === APP_URL;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate" && isAppPage(url)) {
    // The page: the network's (fresh CSRF token, a redirect to sign in) when there is one.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && !response.redirected) {
            const copy = response.clone();
            caches.open(VERSION).then((cache) => cache.put(APP_URL, copy));
          }
          return response;
        })
        .catch(() => caches.match(APP_URL, { ignoreSearch: true }))
    );
    return;
  }
  if (ASSETS.includes(url.pathname) && url.origin === self.location.origin) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached || fetch(request)));
  }
});
