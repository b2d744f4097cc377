// Keyboard shortcuts for every signed-in page; the pages work without them.
//   /           focuses the header search (not while typing in a field)
//   Ctrl+Enter  submits the form being filled in (⌘+Enter on a Mac); on the desk, the
//               intake form even when the focus is outside it
(function () {
  "use strict";

  function typing(element) {
    if (!element || element === document.body) return false;
    var tag = element.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || element.isContentEditable;
  }

  function submit(form) {
    var button = form.querySelector("button[type=submit].primary, button.primary:not([type]), button[type=submit], input[type=submit]");
    if (form.requestSubmit) {
      form.requestSubmit(button || undefined);  // runs the form's checks and submit handlers
    } else if (button) {
      button.click();
    } else {
      form.submit();
    }
  }

  var desk = document.getElementById("intake-form");
  if (desk) {
    var primary = desk.querySelector("button[type=submit].primary");
    if (primary) {
      primary.setAttribute("aria-keyshortcuts", "Control+Enter");
      primary.title = "Ctrl+Enter";
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing) return;  // an input method is composing Chinese
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
      var search = document.getElementById("header-search");
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
      return;
    }
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = (event.target && event.target.form) || (event.target.closest && event.target.closest("form")) || desk;
      if (form && form.method === "post") {
        event.preventDefault();
        submit(form);
      }
    }
  });
})();
