// Enhances the SPARQL query form: a syntax-highlighted copy of the query under the box, Ctrl+Enter to run.
// The form works the same without this script.
(function () {
  "use strict";
  var box = document.getElementById("query");
  if (!box) { return; }
  var KEYWORDS = /^(SELECT|DISTINCT|REDUCED|WHERE|FILTER|OPTIONAL|UNION|MINUS|GRAPH|PREFIX|BASE|ASK|CONSTRUCT|DESCRIBE|ORDER|BY|GROUP|HAVING|LIMIT|OFFSET|VALUES|BIND|AS|NOT|EXISTS|IN|FROM|NAMED|ASC|DESC|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT|SEPARATOR|STR|LANG|LANGMATCHES|REGEX|CONTAINS|STRSTARTS|LCASE|UCASE|COALESCE|IF|a)$/i;
  var TOKENS = /(#[^\n]*)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>\s]*>)|([?$][A-Za-z_][\w]*)|([A-Za-z_][\w-]*:[\w-]*)|([A-Za-z_]+)|([\s\S])/g;
  var preview = document.createElement("pre");
  preview.className = "sparql-highlight";
  preview.setAttribute("aria-hidden", "true");  // a visual aid only: the text box holds the query
  box.parentNode.appendChild(preview);

  function span(cls, text) {
    var el = document.createElement("span");
    el.className = cls;
    el.textContent = text;
    return el;
  }
  function render() {
    while (preview.firstChild) { preview.removeChild(preview.firstChild); }
    var text = box.value, match;
    TOKENS.lastIndex = 0;
    while ((match = TOKENS.exec(text)) !== null) {
      if (match[1]) { preview.appendChild(span("sq-comment", match[1])); }
      else if (match[2]) { preview.appendChild(span("sq-string", match[2])); }
      else if (match[3]) { preview.appendChild(span("sq-iri", match[3])); }
      else if (match[4]) { preview.appendChild(span("sq-variable", match[4])); }
      else if (match[5]) { preview.appendChild(span("sq-prefixed", match[5])); }
      else if (match[6] && KEYWORDS.test(match[6])) { preview.appendChild(span("sq-keyword", match[6])); }
      else { preview.appendChild(document.createTextNode(match[0])); }
    }
  }
  box.addEventListener("input", render);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      box.form.submit();
    }
  });
  render();
}());
