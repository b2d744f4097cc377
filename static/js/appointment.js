// The appointment form: who is on duty at the chosen time, asked for without a reload and
// with the time alone, so the resident's name and phone never go into an address.
// Without this script 查看值班人员 posts the form back and the page shows the same.
(function () {
  var form = document.getElementById("appointment-form");
  if (!form) return;
  var startsAt = form.querySelector("[name=starts_at]");
  var worker = form.querySelector("select[name=worker]");
  var status = document.getElementById("on-duty");
  var texts = document.getElementById("on-duty-texts").dataset;
  var url = form.getAttribute("data-on-duty-url");

  function show(workers) {
    var chosen = worker.value;
    worker.innerHTML = "";
    var blank = document.createElement("option");
    blank.value = "";
    blank.textContent = "---------";
    worker.appendChild(blank);
    workers.forEach(function (w) {
      var option = document.createElement("option");
      option.value = String(w.id);
      option.textContent = w.name;
      option.selected = String(w.id) === chosen;
      worker.appendChild(option);
    });
    status.textContent = workers.length
      ? texts.onDuty + workers.map(function (w) { return w.name; }).join("、")
      : texts.nobody;
  }

  function check(event) {
    if (event) event.preventDefault();
    if (!startsAt.value) return;
    fetch(url + "?" + new URLSearchParams({ starts_at: startsAt.value }).toString(), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.workers) show(answer.workers);
        else status.textContent = answer.error || "";
      });
  }

  startsAt.addEventListener("change", function () { check(); });
  document.getElementById("check-duty").addEventListener("click", check);
})();
