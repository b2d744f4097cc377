// Pinyin search for every <select> of service items (data-pick-item, utilities/widgets.py):
// a search box above it filters the options by Chinese, pinyin initials or line, as on the
// desk (jzzm → 居住证明); Enter picks the first match. Without this script the select works.
(function () {
  Array.prototype.forEach.call(document.querySelectorAll("select[data-pick-item]"), function (select) {
    var input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.id = select.id + "_search";
    input.className = "pick-search";
    input.setAttribute("aria-controls", select.id);
    var caption = document.createElement("label");
    caption.htmlFor = input.id;
    caption.textContent = select.getAttribute("data-pick-label");
    select.parentNode.insertBefore(caption, select);
    select.parentNode.insertBefore(input, select);
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });
    function matches() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      return options.filter(function (option) {
        var haystack = (option.getAttribute("data-search") || option.textContent).toLowerCase();
        var match = words.every(function (word) { return haystack.indexOf(word) !== -1; });
        option.hidden = !match;
        return match;
      });
    }
    input.addEventListener("input", function () {
      var found = matches();
      if (found.length === 1) select.value = found[0].value;  // one match: chosen already
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var found = matches();
      if (found.length) {
        select.value = found[0].value;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        select.focus();
      }
    });
  });
})();
