// 外勤: the offline app. The worker's list and forms work with no network; every record
// gets an id made here (client_id) and waits in IndexedDB until a sync stores it.
(function () {
  "use strict";
  const root = document.getElementById("care-app");
  if (!root) return;
  const config = JSON.parse(document.getElementById("care-app-config").textContent);
  const S = config.strings;
  const DB_NAME = "carework-app";
  const $ = (id) => document.getElementById(id);

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, (all, key) => (key in values ? String(values[key]) : all));
  }

  // ---- IndexedDB: "data" (the server's list and local patrols), "queue" (records waiting)
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore("data");
        db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  let dbPromise = openDb();

  function tx(store, mode, work) {
    return dbPromise.then((db) => new Promise((resolve, reject) => {
      const t = db.transaction(store, mode);
      let result;
      Promise.resolve(work(t.objectStore(store))).then((value) => { result = value; });
      t.oncomplete = () => resolve(result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    }));
  }
  function req(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  const getData = (key) => tx("data", "readonly", (s) => req(s.get(key)));
  const putData = (key, value) => tx("data", "readwrite", (s) => { s.put(value, key); });
  const allQueued = () => tx("queue", "readonly", (s) => req(s.getAll()));

  // ---- state
  let data = null;
  let localPatrols = [];  // {client_id, area, started_at, ended}
  let currentPatrol = null;

  function status(text) { $("care-status").textContent = text; }
  function now() { return new Date().toISOString(); }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function enqueue(record) {
    record.owner = data && data.user ? data.user : config.user;  // who recorded it (the server checks)
    record.client_id = newId();
    record.recorded_at = now();
    return tx("queue", "readwrite", (s) => { s.add({ record: record, refused: "" }); })
      .then(renderQueue).then(() => record);
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function expired() {
    $("care-login").hidden = false;
    status(S.expired);
  }

  // ---- the list
  function renderQueue() {
    return allQueued().then((items) => {
      $("care-queue-count").textContent = String(items.length);
      const list = $("care-queue");
      list.textContent = "";
      items.forEach((item) => {
        const li = document.createElement("li");
        const r = item.record;
        const who = r.person_name || r.area_name || "";
        li.textContent = `${S["kind_" + r.kind] || r.kind} ${who} · ${item.refused ? S.refused + "：" + item.refused : S.waiting}`;
        if (item.refused) li.className = "care-refused";
        list.appendChild(li);
      });
      return items;
    });
  }

  function fillSelects() {
    const lines = (data && data.lines) || [];
    document.querySelectorAll(".care-lines").forEach((select) => {
      select.textContent = "";
      select.appendChild(new Option("", ""));
      lines.forEach((line) => select.appendChild(new Option(line.name, String(line.id))));
    });
    const areas = (data && data.areas) || [];
    const select = $("care-patrol-area");
    select.textContent = "";
    areas.forEach((area) => select.appendChild(new Option(area.name, String(area.id))));
  }

  function areaName(id) {
    const area = ((data && data.areas) || []).find((a) => a.id === id);
    return area ? area.name : "";
  }

  function renderDue(queued) {
    const box = $("care-due");
    box.textContent = "";
    if (!data) { box.textContent = S.no_data; return; }
    const done = new Set(queued.filter((i) => i.record.kind === "home_visit" && !i.refused).map((i) => i.record.person));
    if (!data.people.length) { box.textContent = S.nobody_due; return; }
    data.areas.forEach((area) => {
      const people = data.people.filter((p) => p.area === area.id);
      if (!people.length) return;
      const h = document.createElement("h3");
      h.textContent = `${area.name}（${people.length}）`;
      box.appendChild(h);
      let building = null;
      let ul = null;
      people.forEach((person) => {
        if (person.building !== building || !ul) {
          building = person.building;
          const hb = document.createElement("h4");
          hb.textContent = building || S.building_none;
          box.appendChild(hb);
          ul = document.createElement("ul");
          ul.className = "care-due-people";
          box.appendChild(ul);
        }
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = person.name;
        button.setAttribute("aria-label", `${S.visit}：${person.name}`);
        button.addEventListener("click", () => openVisit(person));
        li.appendChild(button);
        const info = document.createElement("span");
        const state = person.status === "overdue" ? fmt(S.overdue, { n: person.overdue_days }) : person.status_label;
        info.textContent = [person.address, person.phone, state, person.tags.join("、")].filter(Boolean).join(" · ");
        li.appendChild(info);
        if (done.has(person.id)) {
          li.classList.add("care-done");
          const mark = document.createElement("strong");
          mark.textContent = S.recorded;
          li.appendChild(mark);
        }
        ul.appendChild(li);
      });
    });
    if (data.truncated) {
      const note = document.createElement("p");
      note.className = "helptext";
      note.textContent = fmt(S.truncated, { n: data.people.length });
      box.appendChild(note);
    }
  }

  function renderPatrols() {
    const under = localPatrols.filter((p) => !p.ended);
    currentPatrol = under.length ? under[under.length - 1] : null;
    $("care-patrol-current").hidden = !currentPatrol;
    if (currentPatrol) {
      const time = new Date(currentPatrol.started_at).toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
      $("care-patrol-title").textContent = fmt(S.patrol_under_way, { area: areaName(currentPatrol.area), time: time });
    }
  }

  function render() {
    $("care-network").textContent = navigator.onLine ? S.online : S.offline;
    return renderQueue().then((queued) => {
      renderDue(queued);
      renderPatrols();
    });
  }

  // ---- loading the data
  function mergePatrols() {
    const known = new Set(localPatrols.map((p) => p.client_id));
    ((data && data.patrols) || []).forEach((p) => {
      if (!known.has(p.client_id)) {
        localPatrols.push({ client_id: p.client_id, area: p.area, started_at: p.started_at, ended: !!p.ended_at });
      } else if (p.ended_at) {
        localPatrols.find((l) => l.client_id === p.client_id).ended = true;
      }
    });
    // Yesterday's rounds, ended and synced, are no longer of interest.
    const today = data ? data.today : "";
    localPatrols = localPatrols.filter((p) => !p.ended || (p.started_at || "").slice(0, 10) >= today);
    return putData("patrols", localPatrols);
  }

  function loadData() {
    if (!navigator.onLine) return Promise.resolve();
    status(S.loading);
    return fetch(config.data_url, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
      .then((response) => {
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          expired();
          return null;
        }
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then((fresh) => {
        if (!fresh) return;
        data = fresh;
        return putData("current", fresh).then(mergePatrols).then(() => {
          fillSelects();
          $("care-data-version").textContent = fmt(S.loaded, { time: new Date().toLocaleString("zh-CN") });
          root.dataset.loaded = fresh.version;
          status("");
        });
      })
      .catch(() => status(S.load_failed))
      .then(render);
  }

  // ---- sync
  let syncing = null;
  function sync() {
    if (syncing) return syncing;
    syncing = doSync().finally(() => { syncing = null; });
    return syncing;
  }

  function doSync() {
    if (!navigator.onLine) { status(S.sync_offline); return Promise.resolve(false); }
    status(S.syncing);
    const totals = { stored: 0, already: 0, refused: 0 };
    return allQueued().then((items) => {
      const batches = [];
      for (let i = 0; i < items.length; i += config.batch) batches.push(items.slice(i, i + config.batch));
      let chain = Promise.resolve(true);
      batches.forEach((batch) => {
        chain = chain.then((going) => (going ? sendBatch(batch, totals) : false));
      });
      return chain;
    }).then((finished) => {
      if (finished) {
        return loadData().then(() => {
          status(fmt(S.synced, totals));
          root.dataset.synced = String(Date.now());
          return true;
        });
      }
      return false;
    }).catch((error) => {
      status(fmt(S.sync_failed, { error: error.message || error }));
      return false;
    }).then((result) => render().then(() => result));
  }

  function sendBatch(batch, totals) {
    const body = JSON.stringify({ records: batch.map((item) => item.record) });
    root.dataset.lastBatch = body;  // what was sent (the browser test replays it)
    return fetch(config.sync_url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: body,
    }).then((response) => {
      if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
        expired();
        return false;
      }
      return response.json().catch(() => ({})).then((answer) => {
        if (!response.ok || !answer.results) throw new Error(answer.error || String(response.status));
        $("care-login").hidden = true;
        const bySeq = new Map(batch.map((item) => [item.record.client_id, item]));
        return tx("queue", "readwrite", (store) => {
          answer.results.forEach((result) => {
            const item = bySeq.get(result.client_id);
            if (!item) return;
            totals[result.status] = (totals[result.status] || 0) + 1;
            if (result.status === "stored" || result.status === "already") {
              store.delete(item.seq);
            } else {
              item.refused = result.message || S.refused;
              store.put(item);
            }
          });
        }).then(() => true);
      });
    });
  }

  // ---- forms
  function toggleCase(form) {
    const box = form.querySelector(".care-case");
    const check = form.querySelector("input[name=needs_case]");
    check.addEventListener("change", () => { box.hidden = !check.checked; });
  }

  function caseOf(form) {
    if (!form.needs_case.checked) return null;
    const title = form.case_title.value.trim();
    const line = form.case_line.value;
    if (!line) throw new Error(S.choose_line);
    return { title: title, line: Number(line) };
  }

  function showError(form, text) {
    form.querySelector(".care-error").textContent = text;
  }

  let visitPerson = null;
  function openVisit(person) {
    visitPerson = person;
    const form = $("care-visit-form");
    form.reset();
    form.querySelector(".care-case").hidden = true;
    showError(form, "");
    $("care-visit-person").textContent = `${person.name} ${person.address}`;
    $("care-visit").hidden = false;
    form.querySelector("input[name=outcome]").focus();
  }

  const visitForm = $("care-visit-form");
  toggleCase(visitForm);
  visitForm.querySelector(".care-cancel").addEventListener("click", () => { $("care-visit").hidden = true; });
  visitForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const outcome = form.querySelector("input[name=outcome]:checked");
    if (!outcome) { showError(form, S.choose_outcome); return; }
    let caseFields;
    try {
      caseFields = caseOf(form);
      if (caseFields && !caseFields.title) throw new Error(S.case_title);
    } catch (error) { showError(form, error.message); return; }
    const condition = form.querySelector("input[name=condition]:checked");
    const record = {
      kind: "home_visit",
      person: visitPerson.id,
      person_name: visitPerson.name,
      outcome: outcome.value,
      condition: condition ? condition.value : "",
      needs: form.needs.value,
      notes: form.notes.value,
      next_visit_on: form.next_visit_on.value,
    };
    if (caseFields) record.case = caseFields;
    const name = visitPerson.name;
    enqueue(record).then(() => {
      $("care-visit").hidden = true;
      status(`${name}：${S.saved}`);
      return render();
    }).then(() => {
      const next = document.querySelector("#care-due li:not(.care-done) button");
      if (next) next.focus();
    });
  });

  $("care-patrol-start").addEventListener("submit", (event) => {
    event.preventDefault();
    const area = Number($("care-patrol-area").value);
    if (!area) return;
    enqueue({ kind: "patrol_start", grid_area: area, area_name: areaName(area) }).then((record) => {
      localPatrols.push({ client_id: record.client_id, area: area, started_at: record.recorded_at, ended: false });
      return putData("patrols", localPatrols);
    }).then(() => { status(S.patrol_started); return render(); })
      .then(() => $("care-finding-category").focus());
  });

  const findingForm = $("care-finding-form");
  toggleCase(findingForm);
  findingForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    if (!currentPatrol) return;
    if (!form.description.value.trim()) { showError(form, S.describe); return; }
    let caseFields;
    try { caseFields = caseOf(form); } catch (error) { showError(form, error.message); return; }
    const record = {
      kind: "finding",
      patrol: currentPatrol.client_id,
      area_name: areaName(currentPatrol.area),
      category: form.category.value,
      description: form.description.value,
      location: form.location.value,
    };
    if (caseFields) record.case = caseFields;
    enqueue(record).then(() => {
      form.reset();
      form.querySelector(".care-case").hidden = true;
      showError(form, "");
      status(S.finding_saved);
      form.category.focus();
    });
  });

  $("care-patrol-end").addEventListener("submit", (event) => {
    event.preventDefault();
    if (!currentPatrol) return;
    const patrol = currentPatrol;
    enqueue({ kind: "patrol_end", patrol: patrol.client_id, area_name: areaName(patrol.area), route_notes: event.target.route_notes.value })
      .then(() => {
        patrol.ended = true;
        event.target.reset();
        return putData("patrols", localPatrols);
      }).then(() => { status(S.patrol_ended); return render(); });
  });

  // ---- signing out: offer to sync first, then wipe the phone's copy
  function wipe() {
    return dbPromise.then((db) => db.close()).then(() => new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    })).then(() => (window.caches ? caches.keys().then((keys) => Promise.all(keys.map((k) => caches.delete(k)))) : null));
  }

  function signOut() {
    return allQueued().then((items) => {
      if (items.length && window.confirm(fmt(S.ask_sync_first, { n: items.length }))) {
        return sync().then(() => allQueued()).then((left) => {
          if (left.length && !window.confirm(fmt(S.confirm_discard, { n: left.length }))) return false;
          return true;
        });
      }
      return true;
    }).then((go) => {
      if (!go) return;
      return wipe().then(() => {
        const form = document.querySelector("form.logout-form");
        root.dataset.wiped = "1";
        if (form) { form.dataset.wiped = "1"; form.submit(); }
      });
    });
  }
  window.careAppWipe = wipe;

  $("care-sync-button").addEventListener("click", () => { sync(); });
  $("care-reload-button").addEventListener("click", () => { loadData(); });
  $("care-signout-button").addEventListener("click", () => { signOut(); });
  window.addEventListener("online", () => { render(); sync(); });
  window.addEventListener("offline", () => { render(); });

  // ---- start: what the phone has, then the network's, then the service worker
  Promise.all([getData("current"), getData("patrols")]).then(([stored, patrols]) => {
    data = stored || null;
    localPatrols = patrols || [];
    fillSelects();
    return render();
  }).then(loadData).then(() => {
    root.dataset.ready = "1";
  });

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: root.dataset.scope }).catch(() => {});
  }
})();
