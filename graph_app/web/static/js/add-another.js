// Repeatable sub-forms (issue 18, templates/staff/_subform.html): an "Add another" button that copies the
// empty set of fields, so several items can be added before saving (the GOV.UK "add another" pattern).
// Without JavaScript the page works as it is: the empty set adds one item per save.
(function () {
  "use strict";
  if (window.se7AddAnother) {
    return; // the script is included once per sub-form on the page
  }
  window.se7AddAnother = true;

  var renumber = function (node, prefix, from, to) {
    var old = prefix + "-" + from;
    var next = prefix + "-" + to;
    var swap = function (value) {
      return value === old || value.indexOf(old + "-") === 0 ? next + value.slice(old.length) : value;
    };
    ["id", "name", "for"].forEach(function (name) {
      node.querySelectorAll("[" + name + "]").forEach(function (element) {
        element.setAttribute(name, swap(element.getAttribute(name)));
      });
    });
    node.querySelectorAll("[aria-describedby]").forEach(function (element) {
      element.setAttribute("aria-describedby", element.getAttribute("aria-describedby").split(" ").map(swap).join(" "));
    });
    if (node.id) {
      node.id = swap(node.id);
    }
  };

  var setUp = function (container) {
    var key = container.getAttribute("data-add-another");
    var count = container.querySelector("input[name='" + key + "-count']");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = container.getAttribute("data-add-label");
    var hint = container.querySelector(".se7-subform__nojs");
    if (hint) {
      hint.hidden = true;
    }
    // with no item yet the empty set is all there is to fill: the button comes once something is typed in it
    // (one Tab stop fewer on a part with several empty sub-forms; the task list keeps each part to 40)
    var showButton = function () {
      if (!button.parentNode) {
        container.appendChild(button);
      }
    };
    if (container.querySelectorAll(".se7-subform__item").length > 1) {
      showButton();
    } else {
      container.addEventListener("input", showButton);
      container.addEventListener("change", showButton);
    }
    button.addEventListener("click", function () {
      var items = container.querySelectorAll(".se7-subform__item");
      var last = items[items.length - 1];
      var from = parseInt(last.getAttribute("data-number"), 10);
      var copy = last.cloneNode(true);
      copy.setAttribute("data-number", String(from + 1));
      renumber(copy, key, from, from + 1);
      copy.querySelectorAll("input[type='text'], input[type='tel'], input[type='email'], input[type='url'], textarea").forEach(function (input) {
        input.value = "";
      });
      copy.querySelectorAll("input[type='checkbox'], input[type='radio']").forEach(function (input) {
        input.checked = false;
      });
      copy.querySelectorAll(".govuk-error-message").forEach(function (message) {
        message.remove();
      });
      var legend = last.querySelector("legend");
      if (legend && container.getAttribute("data-item-name")) {
        legend.textContent = container.getAttribute("data-item-name") + " " + from; // no longer the empty one
      }
      var rule = document.createElement("hr");
      rule.className = "govuk-section-break govuk-section-break--m govuk-section-break--visible";
      last.after(rule, copy);
      count.value = String(from + 2);
      var first = copy.querySelector("input, textarea");
      if (first) {
        first.focus();
      }
    });
  };

  document.querySelectorAll("[data-add-another]").forEach(setUp);
})();
