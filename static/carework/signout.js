// Signing out anywhere on the site wipes the offline app's copy (IndexedDB, the shell's
// cache), warning first if records are still waiting to sync.
(function () {
  "use strict";
  const DB_NAME = "carework-app";
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.classList || !form.classList.contains("logout-form") || form.dataset.wiped) return;
    if (!window.indexedDB || !indexedDB.databases) return;
    event.preventDefault();
    indexedDB.databases().then((dbs) => {
      if (!dbs.some((db) => db.name === DB_NAME)) return 0;
      return new Promise((resolve) => {
        const open = indexedDB.open(DB_NAME);
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("queue")) { db.close(); resolve(0); return; }
          const count = db.transaction("queue").objectStore("queue").count();
          count.onsuccess = () => { db.close(); resolve(count.result); };
          count.onerror = () => { db.close(); resolve(0); };
        };
      });
    }).then((waiting) => {
      if (waiting && !window.confirm(form.dataset.unsynced.replace("%(n)s", waiting))) {
        window.location.href = form.dataset.app;
        return null;
      }
      return new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = () => resolve(true);
      }).then(() => (window.caches ? caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))) : null))
        .then(() => true);
    }).then((go) => {
      if (go === null) return;
      form.dataset.wiped = "1";
      form.submit();
    });
  });
})();
