/* Search as you type for the "how is A connected to B" form: suggestions come from the search
   engine's /search/suggest JSON ({suggestions: [{label, kind_label, url, iri}], context}) into a native
   <datalist>; a chosen name is sent as its page address. The page's context (area, age, need: rendered
   by the server into <body data-context>, never read from the cookie here) goes with each request, so
   names linked to the family's needs and council come first. Without JavaScript, or if suggestions are
   unavailable, the form still takes names. */
(function () {
  "use strict";
  var DELAY_MS = 150;

  function enhance(form) {
    var chosen = {};
    form.querySelectorAll("input[data-suggest]").forEach(function (input) {
      var list = document.createElement("datalist");
      list.id = input.id + "-suggestions";
      form.appendChild(list);
      input.setAttribute("list", list.id);
      var timer = null;
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        var text = input.value.trim();
        if (text.length < 2 || text.charAt(0) === "/" || text.indexOf("://") > 0) { return; }
        timer = window.setTimeout(function () {
          var context = document.body.getAttribute("data-context") || "";
          fetch("/search/suggest?q=" + encodeURIComponent(text) + (context ? "&" + context : ""),
            { headers: { Accept: "application/json" } })
            .then(function (response) { return response.ok ? response.json() : {}; })
            .then(function (data) {
              var items = data && Array.isArray(data.suggestions) ? data.suggestions : [];
              list.textContent = "";
              items.slice(0, 10).forEach(function (item) {
                var option = document.createElement("option");
                option.value = item.label;
                if (item.kind_label) { option.label = item.label + " (" + item.kind_label + ")"; }
                chosen[item.label] = item.url || item.iri;
                list.appendChild(option);
              });
            })
            .catch(function () { /* suggestions are a nicety: the form works without them */ });
        }, DELAY_MS);
      });
    });
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[data-suggest]").forEach(function (input) {
        var target = chosen[input.value.trim()];
        if (target) { input.value = target; }
      });
    });
  }

  document.querySelectorAll("[data-path-form]").forEach(enhance);
}());
