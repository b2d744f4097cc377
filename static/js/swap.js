// The swap form: 换回 lists only the chosen colleague's duties, refreshed on choosing
// (a POST, so nobody's choice travels in an address). Without this script the form's
// 列出所选同事的值班 button does the same by posting the form back.
(function () {
  var form = document.querySelector("[data-swap-form]");
  if (!form || !window.fetch) {
    return;
  }
  var colleague = form.querySelector("[data-swap-colleague]");
  var back = form.querySelector("[data-swap-return]");
  var status = form.querySelector("[data-swap-status]");
  var pick = form.querySelector("button[name=pick]");
  if (pick) {
    pick.closest("p").hidden = true;
  }
  colleague.addEventListener("change", function () {
    var body = new FormData();
    body.append("colleague", colleague.value);
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(form.dataset.optionsUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (options) {
        back.innerHTML = options;
        // Said to screen readers: how many of the colleague's duties 换回 now offers.
        status.textContent = status.dataset.text.replace("%s", back.options.length - 1);
      })
      .catch(function () {
        if (pick) {
          pick.closest("p").hidden = false;  // fall back to posting the form
        }
      });
  });
})();
