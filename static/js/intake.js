// The intake desk: filter the catalogue as you type (Chinese, pinyin initials or line),
// and show the resident's earlier visits when a phone or ID number is typed.
// Without this script the page still works: every item is listed, history shows nowhere.
(function () {
  var form = document.getElementById("intake-form");
  if (!form) return;

  var search = document.getElementById("item-search");
  var rows = Array.prototype.slice.call(form.querySelectorAll(".item-row"));
  var noMatch = document.getElementById("no-match");
  var otherMatter = document.getElementById("id_other_matter");
  var otherLine = document.getElementById("id_other_line");
  // A return visit (续办) opens with only the items it continues; searching shows the rest.
  var onlyChosen = form.classList.contains("is-continuing");
  function filter() {
    var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length) onlyChosen = false;
    var found = 0;
    rows.forEach(function (row) {
      var haystack = row.getAttribute("data-search").toLowerCase();
      var chosen = row.querySelector("input[name=items]").checked;
      var match = !onlyChosen && words.every(function (word) { return haystack.indexOf(word) !== -1; });
      if (match) found += 1;
      row.hidden = !(chosen || match);
    });
    // Nothing in the catalogue: say so, and offer the other-matter path (a line and a description).
    noMatch.hidden = !(words.length && !found);
  }
  search.addEventListener("input", filter);
  filter();
  function toOtherMatter() {
    if (!otherMatter.value) otherMatter.value = search.value.trim();
    otherLine.focus();
  }
  document.getElementById("to-other-matter").addEventListener("click", toOtherMatter);
  // Enter in the search box picks the first match instead of submitting the form; with no
  // match it goes on to the other matter.
  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var first = rows.filter(function (row) { return !row.hidden && !row.querySelector("input[name=items]").checked; })[0];
    if (first) {
      var box = first.querySelector("input[name=items]");
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      var material = first.querySelector(".materials input");
      (material || box).focus();
    } else if (!noMatch.hidden) {
      toOtherMatter();
    }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name === "items") {
      event.target.closest(".item-row").classList.toggle("is-chosen", event.target.checked);
    }
  });

  var history = document.getElementById("resident-history");
  var lookupUrl = form.getAttribute("data-lookup-url");
  var phone = form.querySelector("[name=resident_phone]");
  var idNumber = form.querySelector("[name=id_number]");
  // Posted, never put in an address: a phone or ID number must not reach access logs,
  // proxies or the browser's history.
  // A whole phone has at least 7 digits (a landline without its area code); the server
  // decides whether it is one (utilities/phones.py), full-width digits included.
  function lookup() {
    var phoneDigits = (phone.value.match(/[0-9\uFF10-\uFF19]/g) || []).length;
    if (phoneDigits < 7 && idNumber.value.trim().length !== 18) return;
    var body = new FormData();
    body.append("resident_phone", phone.value);
    body.append("id_number", idNumber.value);
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(lookupUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { history.innerHTML = html; });
  }
  phone.addEventListener("change", lookup);
  idNumber.addEventListener("change", lookup);
})();
