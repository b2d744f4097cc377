// The desk's search of the residents' register: type a phone, an ID number, a name or its
// pinyin initials; ↑/↓ move through the people found, Enter chooses, Esc closes (the
// combobox pattern: focus stays in the box). Choosing fills the visit's name, address and
// grid area and keeps the person's number in the hidden `person` field; their phone stays
// on the server (the page shows it masked). What is typed is posted, never in an address.
// Without this script the box stays hidden and the visit is linked by name and phone.
(function () {
  var form = document.getElementById("intake-form");
  var box = document.getElementById("person-search");
  if (!form || !box) return;
  box.hidden = false;

  var input = document.getElementById("id_person_query");
  var results = document.getElementById("person-results");
  var hidden = form.querySelector("input[name=person]");
  var chosen = document.getElementById("person-chosen");
  var chosenText = document.getElementById("person-chosen-text");
  var registerNew = document.getElementById("register-new");
  var registerBox = form.querySelector("input[name=register_new]");
  var name = form.querySelector("[name=resident_name]");
  var phone = form.querySelector("[name=resident_phone]");
  var address = form.querySelector("[name=address]");
  var gridArea = form.querySelector("[name=grid_area]");
  var url = box.getAttribute("data-url");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var timer = null;
  var asked = 0;
  var active = -1;

  function options() {
    return Array.prototype.slice.call(results.querySelectorAll("[role=option]"));
  }
  function close() {
    results.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }
  function highlight(index) {
    var list = options();
    if (!list.length) return;
    active = (index + list.length) % list.length;
    list.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
      option.classList.toggle("is-active", i === active);
    });
    input.setAttribute("aria-activedescendant", list[active].id);
    list[active].scrollIntoView({ block: "nearest" });
  }
  function search() {
    var query = input.value.trim();
    if (!query) { close(); return; }
    var body = new FormData();
    body.append("q", query);
    body.append("csrfmiddlewaretoken", token);
    var mine = ++asked;
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (mine !== asked) return; // an older answer arriving late
        results.innerHTML = html;
        active = -1;
        input.setAttribute("aria-expanded", options().length ? "true" : "false");
        input.removeAttribute("aria-activedescendant");
      });
  }
  function choose(option) {
    hidden.value = option.getAttribute("data-person");
    name.value = option.getAttribute("data-name");
    phone.value = "";
    var masked = option.getAttribute("data-phone");
    phone.placeholder = masked ? box.getAttribute("data-phone-kept").replace("%(phone)s", masked) : "";
    if (option.getAttribute("data-address")) address.value = option.getAttribute("data-address");
    if (gridArea && option.getAttribute("data-grid-area")) gridArea.value = option.getAttribute("data-grid-area");
    chosenText.textContent = box.getAttribute("data-chosen")
      .replace("%(name)s", option.getAttribute("data-name") + (masked ? " " + masked : ""));
    chosen.hidden = false;
    if (registerBox) registerBox.checked = false;
    if (registerNew) registerNew.hidden = true;
    close();
    input.value = "";
    var next = document.getElementById("item-search");
    (next || name).focus();
  }
  function clear() {
    hidden.value = "";
    chosen.hidden = true;
    phone.placeholder = "";
    if (registerNew) registerNew.hidden = false;
    input.focus();
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  input.addEventListener("keydown", function (event) {
    var list = options();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.length) highlight(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (list.length) highlight(active - 1);
    } else if (event.key === "Enter") {
      event.preventDefault(); // never submits the visit from the search box
      if (list.length) choose(list[active >= 0 ? active : 0]);
      else { clearTimeout(timer); search(); }
    } else if (event.key === "Escape") {
      if (results.innerHTML) { event.preventDefault(); close(); }
    }
  });
  results.addEventListener("click", function (event) {
    var option = event.target.closest("[role=option]");
    if (option) choose(option);
  });
  document.getElementById("person-clear").addEventListener("click", clear);
})();
