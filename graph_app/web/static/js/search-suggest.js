/*
 * Autocomplete for the search boxes (#site-search in the header and [data-search-suggest]): an ARIA 1.2
 * combobox with a listbox popup. Suggestions come from GET /search/suggest?q= (JSON: {suggestions, context}), with
 * the page's context (area, age, need; rendered by the server into <body data-context>, never read from the
 * cookie) so names linked to the family's needs and council come first. Up and down arrows
 * move through them, Enter opens the chosen page, Escape closes the list, and a live region says how many
 * there are. Without JavaScript the box is a plain GET form that submits to /search.
 */
(function () {
  "use strict";

  var DELAY_MS = 120;
  var counter = 0;
  // The popup's look is in site.css (.search-suggest*): one stylesheet, nothing injected.

  function enhance(input) {
    if (!input || input.dataset.suggestReady) { return; }
    input.dataset.suggestReady = "yes";
    var form = input.form;
    var base = (form && form.getAttribute("action")) || "/search";
    var id = "search-suggest-" + (++counter);

    var wrapper = document.createElement("div");
    wrapper.className = "search-suggest";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);

    var list = document.createElement("ul");
    list.id = id + "-list";
    list.className = "search-suggest__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "govuk-visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var request = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!items.length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      for (var i = 0; i < options.length; i++) {
        var chosen = i === index;
        options[i].setAttribute("aria-selected", chosen ? "true" : "false");
        options[i].classList.toggle("search-suggest__option--active", chosen);
      }
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({block: "nearest"});
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = id + "-option-" + i;
        option.className = "search-suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var name = document.createElement("span");
        name.className = "search-suggest__label";
        name.textContent = item.label;
        option.appendChild(name);
        var detail = document.createElement("span");
        detail.className = "search-suggest__kind";
        detail.textContent = " – " + item.kind_label + (item.sample ? " (sample)" : "") +
          (item.matched ? " – also called “" + item.matched + "”" : "");
        option.appendChild(detail);
        option.addEventListener("mousedown", function (event) { event.preventDefault(); });
        option.addEventListener("click", function () { go(i); });
        list.appendChild(option);
      });
      active = -1;
      if (suggestions.length) {
        open();
        status.textContent = suggestions.length + (suggestions.length === 1 ? " suggestion" : " suggestions") +
          " available. Use up and down arrows to choose one, or press Enter to search.";
      } else {
        close();
        status.textContent = "No suggestions. Press Enter to search.";
      }
    }

    function go(index) {
      var item = items[index];
      if (item) { window.location.assign(item.url); }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { open(); return; }
      lastQuery = query;
      if (query.length < 2) { render([]); status.textContent = ""; return; }
      var mine = ++request;
      var context = document.body.getAttribute("data-context") || "";
      var url = base.replace(/\/$/, "") + "/suggest?q=" + encodeURIComponent(query) + (context ? "&" + context : "");
      fetch(url, {headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {}; })
        .then(function (data) {
          if (mine === request) { render(data && Array.isArray(data.suggestions) ? data.suggestions : []); }
        })
        .catch(function () { if (mine === request) { render([]); } });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!expanded) { open(); }
        if (items.length) { highlight(active + 1 >= items.length ? 0 : active + 1); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) { open(); }
        if (items.length) { highlight(active <= 0 ? items.length - 1 : active - 1); }
      } else if (event.key === "Enter") {
        if (expanded && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        } else {
          input.value = "";
          lastQuery = "";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
  }

  function start() {

    enhance(document.getElementById("site-search"));
    var boxes = document.querySelectorAll("[data-search-suggest]");
    for (var i = 0; i < boxes.length; i++) { enhance(boxes[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
