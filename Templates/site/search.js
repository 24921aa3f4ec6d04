// Search over titles and section headings, from search-index.js. Without JavaScript the
// form stays hidden and the page works as a plain list.
(function () {
  var index = window.sopSearchIndex;
  var form = document.querySelector("form.search");
  if (!index || !form) return;
  var input = document.getElementById("sop-search");
  var results = document.getElementById("sop-search-results");
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  function add(text, url) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = url;
    link.textContent = text;
    item.appendChild(link);
    results.appendChild(item);
  }
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    results.textContent = "";
    if (words.length === 0) return;
    var found = 0;
    function matches(text) {
      var lower = text.toLowerCase();
      return words.every(function (word) { return lower.indexOf(word) !== -1; });
    }
    for (var i = 0; i < index.length && found < 50; i++) {
      var procedure = index[i];
      if (matches(procedure.id + " " + procedure.title)) { add(procedure.id + " " + procedure.title, procedure.url); found++; }
      for (var j = 0; j < procedure.sections.length && found < 50; j++) {
        var section = procedure.sections[j];
        if (matches(section[0])) { add(procedure.id + " · " + section[0], section[1]); found++; }
      }
    }
    if (found === 0) {
      var none = document.createElement("li");
      none.textContent = "Nothing found.";
      results.appendChild(none);
    }
  });
})();
