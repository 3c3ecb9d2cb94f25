/* The mind map: draws the server-rendered list of links (the text alternative, which works without
   JavaScript) as a left-to-right tree of HTML buttons joined by SVG lines, with no library.

   Layout: deterministic, so the same graph gives the same picture on every load. Each depth is a column
   of fixed width; each node a row in its column. The first picture is a tidy tree (each subtree a block
   of rows, a parent at the middle of its children). Expanding a node, or "+n more", places only the new
   nodes: their block goes at the nearest rows that are free in every column it needs, so nothing drawn
   moves and no two labels overlap. At most MAX_CHILDREN children per node are drawn; the rest wait
   behind a "+n more" node. Labels are one line, cut with an ellipsis; the full name is in the title
   (hover) and in the panel above the picture (focus or click), with "Open page" for the selected node.

   The picture does not pan or zoom, and until "Explore the map" is pressed it has no sideways scroller
   and lets the browser pan the page (touch-action: pan-y), so on a touch screen a swipe over it scrolls
   the page; once entered, a wide tree scrolls sideways inside its own box. The picture is one Tab stop (arrow keys move between nodes);
   the list below stays the full text alternative, with "Show links" buttons that expand the same node.
   "Where you have been" lists only pages actually opened (kept in sessionStorage). */
(function () {
  "use strict";

  var TRAIL_KEY = "se7-mindmap-trail";
  var TRAIL_MAX = 12;
  var MAX_CHILDREN = 6;
  var ROW = 40; // px per row: a 32 px box and 8 px between boxes
  var BOX_H = 32;
  var GAP = 28; // px between a column's boxes and the next column, where the lines run

  // ---- words: the catalogue's, in the page's language, from the script tag (map_macros.html) --------
  // English stays in the code only as the fallback when the attribute is missing
  var WORDS = readWords();
  var RULES = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;

  function readWords() {
    var script = document.currentScript || document.querySelector("script[data-strings]");
    try { return JSON.parse((script && script.getAttribute("data-strings")) || "{}"); } catch (e) { return {}; }
  }

  /* {name} placeholders filled once, left to right (a value holding braces is not filled again). */
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? String(values[key]) : all; });
  }

  function word(key, fallback, values) {
    return fill(typeof WORDS[key] === "string" ? WORDS[key] : fallback, values || {});
  }

  /* A counted phrase: the form given for the sample count in the same CLDR plural category as n. */
  function counted(key, one, many, n, values) {
    var forms = WORDS[key];
    var samples = WORDS.samples || [];
    var text = null;
    if (RULES && forms && forms.length === samples.length) {
      var category = RULES.select(n);
      for (var i = 0; i < samples.length && text === null; i++) {
        if (RULES.select(samples[i]) === category) { text = forms[i]; }
      }
    }
    values = values || {};
    values.count = n;
    return fill(text === null ? (n === 1 ? one : many) : text, values);
  }

  // ---- the family's context: area, age and needs, as the server read them (core/context.py) --------
  // rendered into <body data-context="area=medway&need=autism">; never read from the cookie here
  function pageContext() { return (document.body && document.body.getAttribute("data-context")) || ""; }

  /* A local address with the context's parameters added (those already in it are kept). */
  function withContext(url) {
    var context = pageContext();
    if (!context || !url || url.charAt(0) !== "/" || url.charAt(1) === "/") { return url; }
    var hashAt = url.indexOf("#");
    var hash = hashAt < 0 ? "" : url.slice(hashAt);
    var base = hashAt < 0 ? url : url.slice(0, hashAt);
    var queryAt = base.indexOf("?");
    var own = new URLSearchParams(queryAt < 0 ? "" : base.slice(queryAt + 1));
    var extra = new URLSearchParams(context);
    var added = {};
    extra.forEach(function (value, key) { if (!own.has(key)) { added[key] = true; } });
    Object.keys(added).forEach(function (key) {
      extra.getAll(key).forEach(function (value) { own.append(key, value); });
    });
    var query = own.toString();
    return (queryAt < 0 ? base : base.slice(0, queryAt)) + (query ? "?" + query : "") + hash;
  }

  // ---- the trail: pages opened, not nodes expanded ------------------------------------------------
  function readTrail() {
    try { return JSON.parse(window.sessionStorage.getItem(TRAIL_KEY)) || []; } catch (e) { return []; }
  }

  function remember(entry) {
    if (!entry.url) { return; }
    var trail = readTrail().filter(function (e) { return e.url !== entry.url; });
    trail.push({ url: entry.url, label: entry.label });
    try { window.sessionStorage.setItem(TRAIL_KEY, JSON.stringify(trail.slice(-TRAIL_MAX))); } catch (e) { /* private mode */ }
  }

  function renderTrail(root) {
    var nav = root.querySelector("[data-map-trail]");
    var list = root.querySelector("[data-map-trail-list]");
    if (!nav || !list) { return; }
    var trail = readTrail();
    list.textContent = "";
    trail.forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.className = "govuk-link";
      link.href = entry.url;
      link.textContent = entry.label;
      if (entry.url === window.location.pathname) { link.setAttribute("aria-current", "page"); }
      item.appendChild(link);
      list.appendChild(item);
    });
    nav.hidden = trail.length === 0;
  }

  // a name from the data in another language than the page's (English on a Welsh page) is marked, so a
  // screen reader reads it with that language's sounds (WCAG 2.2 SC 3.1.2); the server says which (data-lang)
  function markLanguage(element, lang) {
    if (lang && lang !== document.documentElement.lang) { element.lang = lang; }
  }

  // ---- what to draw: specs read from the list markup ----------------------------------------------
  /* [{label, group: true, children: [{iri, label, url, kind, item}], more, moreUrl}] from a .mindmap__groups */
  function specsFromList(container) {
    if (!container) { return []; }
    var specs = [];
    container.querySelectorAll(":scope > [data-map-group]").forEach(function (group) {
      var members = [];
      group.querySelectorAll(":scope > ul > [data-map-node]").forEach(function (item) {
        members.push({ iri: item.getAttribute("data-iri"), label: item.getAttribute("data-label"),
          lang: item.getAttribute("data-lang") || "", url: item.getAttribute("data-url"), kind: item.getAttribute("data-kind"), item: item, children: [],
          checkedWords: item.getAttribute("data-checked-words") || "" });
      });
      var moreLink = group.querySelector(":scope > p a[href]");
      var moreText = moreLink ? moreLink.textContent.match(/\d+/) : null;
      specs.push({ label: group.getAttribute("data-map-group"), group: true, children: members,
        more: moreText ? parseInt(moreText[0], 10) : 0, moreUrl: moreLink ? moreLink.getAttribute("href") : null });
    });
    return specs;
  }

  // ---- the map --------------------------------------------------------------------------------------
  function MindMap(root) {
    this.root = root;
    this.source = root.getAttribute("data-map-source");
    this.nodes = [];
    this.columns = []; // columns[depth] = {row: node}
    this.status = document.createElement("p");
    this.status.className = "govuk-visually-hidden";
    this.status.setAttribute("role", "status");
    root.appendChild(this.status);
    var centreUrl = root.getAttribute("data-map-center-url");
    var centreLabel = root.getAttribute("data-map-center-label");
    // a record page is a page visited; the map page of a record, or the home map, is not that record
    if (centreUrl && centreUrl === window.location.pathname) { remember({ url: centreUrl, label: centreLabel }); }
    renderTrail(root);
    this.draw(root.getAttribute("data-map-center"), centreLabel, centreUrl);
    this.enhanceList(root);
    this.listenToListKeys();
  }

  MindMap.prototype.draw = function (centreIri, centreLabel, centreUrl) {
    var picture = this.root.querySelector("[data-map-picture]");
    this.stage = this.root.querySelector("[data-map-canvas]");
    if (!picture || !this.stage) { return; }
    picture.hidden = false;
    this.holdStill(picture);
    this.panel = this.root.querySelector("[data-map-panel]");
    var width = this.stage.parentNode.clientWidth || 600;
    this.col = Math.max(140, Math.min(230, Math.floor(width / 3)));
    this.stage.textContent = "";
    this.svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.svg.setAttribute("class", "mindmap__lines");
    this.svg.setAttribute("aria-hidden", "true");
    this.svg.setAttribute("focusable", "false");
    this.stage.appendChild(this.svg);
    var spec = { iri: centreIri, label: centreLabel, url: centreUrl, kind: "centre", centre: true,
      lang: this.root.getAttribute("data-map-center-lang") || "", children: specsFromList(this.root.querySelector(".mindmap__groups")) };
    var planned = this.plan([spec], 0);
    this.commit(planned, 0, null, 0);
    this.centreNode = this.nodes[0];
    this.centreNode.expanded = true;
    this.listenToPictureKeys();
    this.select(this.centreNode, false);
    this.drawn = true;
  };

  /* Until the reader presses "Explore the map", the picture never captures a swipe: the viewport lets
     the page pan vertically (touch-action: pan-y) and has no sideways scroller, so a swipe that starts
     over the map scrolls the page. The button turns the sideways scroller on (and off again). */
  MindMap.prototype.holdStill = function (picture) {
    var viewport = picture.querySelector("[data-map-viewport]");
    if (!viewport || picture.querySelector("[data-map-explore]")) { return; }
    viewport.classList.add("mindmap__viewport--still");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "govuk-button govuk-button--secondary mindmap__explore";
    button.setAttribute("data-map-explore", "");
    button.setAttribute("aria-pressed", "false");
    button.textContent = word("explore", "Explore the map");
    button.addEventListener("click", function () {
      var still = viewport.classList.toggle("mindmap__viewport--still");
      button.setAttribute("aria-pressed", still ? "false" : "true");
      button.textContent = still ? word("explore", "Explore the map") : word("stopExploring", "Stop exploring the map");
    });
    viewport.parentNode.insertBefore(button, viewport);
  };

  /* A tidy layout of a forest: [{spec, depth, row (relative), parent index, ...}]; children beyond
     MAX_CHILDREN stay in the spec behind a "+n more" entry. */
  MindMap.prototype.plan = function (specs, depth) {
    var out = [];
    var cursor = 0;
    function visible(spec) {
      var kids = spec.children || [];
      var extra = spec.more || 0;
      if (kids.length + (extra && spec.moreUrl ? 1 : 0) <= MAX_CHILDREN && !(extra && kids.length >= MAX_CHILDREN)) {
        var shown = kids.slice();
        if (extra && spec.moreUrl) {
          shown.push({ moreOf: spec, label: counted("plusMore", "+{count} more", "+{count} more", extra), rest: [], url: spec.moreUrl });
        }
        return shown;
      }
      var head = kids.slice(0, MAX_CHILDREN - 1);
      var rest = kids.slice(MAX_CHILDREN - 1);
      head.push({ moreOf: spec, label: counted("plusMore", "+{count} more", "+{count} more", rest.length + extra),
        rest: rest, url: spec.moreUrl, extra: extra });
      return head;
    }
    function place(spec, d, parentIndex) {
      var index = out.length;
      var entry = { spec: spec, depth: d, row: 0, parent: parentIndex };
      out.push(entry);
      var kids = spec.centre || spec.group ? visible(spec) : [];
      if (!kids.length) { entry.row = cursor; cursor += 1; return entry.row; }
      var rows = kids.map(function (kid) { return place(kid, d + 1, index); });
      entry.row = Math.floor((rows[0] + rows[rows.length - 1]) / 2);
      return entry.row;
    }
    specs.forEach(function (spec) { place(spec, depth, -1); });
    return out;
  };

  MindMap.prototype.isFree = function (depth, row) {
    return row >= 0 && !(this.columns[depth] && this.columns[depth][row]);
  };

  /* Shift a planned block to the nearest offset (0, +1, -1, +2, ...) from `near` where every row it
     needs is free, then create its nodes. Existing nodes are never touched. */
  MindMap.prototype.commit = function (planned, near, parentNode, fixed) {
    var self = this;
    var rows = planned.map(function (e) { return e.row; });
    var middle = Math.floor((Math.min.apply(null, rows) + Math.max.apply(null, rows)) / 2);
    var base = near - middle;
    var offset = 0;
    if (fixed === undefined) {
      for (var step = 0; step < 4000; step += 1) {
        offset = step % 2 === 0 ? step / 2 : -(step + 1) / 2;
        var fits = planned.every(function (e) { return self.isFree(e.depth, base + offset + e.row); });
        if (fits) { break; }
      }
    } else {
      base = fixed;
    }
    var made = [];
    planned.forEach(function (entry) {
      var parent = entry.parent >= 0 ? made[entry.parent] : parentNode;
      made.push(self.addNode(entry.spec, entry.depth, base + offset + entry.row, parent));
    });
    this.resize();
    return made;
  };

  MindMap.prototype.addNode = function (spec, depth, row, parent) {
    var node = { spec: spec, depth: depth, row: row, parent: parent, children: [], expanded: false,
      iri: spec.iri || null, label: spec.label, url: spec.url || null, lang: spec.lang || "" };
    node.kind = spec.moreOf ? "more" : spec.group ? "group" : spec.kind;
    this.columns[depth] = this.columns[depth] || {};
    this.columns[depth][row] = node;
    if (parent) { parent.children.push(node); }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "mindmap__node mindmap__node--" + (node.kind || "other").replace(/[^a-z-]/g, "");
    button.setAttribute("tabindex", "-1");
    button.setAttribute("data-map-box", "");
    button.setAttribute("data-col", String(depth));
    button.setAttribute("data-row", String(row));
    if (node.iri) { button.setAttribute("data-iri", node.iri); }
    button.title = spec.label;
    button.style.left = (depth * this.col) + "px";
    button.style.top = (row * ROW) + "px";
    button.style.width = (this.col - GAP) + "px";
    var label = document.createElement("span");
    label.className = "mindmap__label";
    label.textContent = spec.label;
    markLanguage(label, node.lang);
    button.appendChild(label);
    var self = this;
    button.addEventListener("click", function () { self.activate(node); });
    button.addEventListener("focus", function () { self.select(node, false); });
    node.el = button;
    this.stage.appendChild(button);
    this.nodes.push(node);
    if (parent) { this.line(parent, node); }
    spec.node = node;
    if (spec.item) { spec.item.mapNode = node; }
    return node;
  };

  MindMap.prototype.line = function (from, to) {
    var x1 = from.depth * this.col + (this.col - GAP);
    var y1 = from.row * ROW + BOX_H / 2;
    var x2 = to.depth * this.col;
    var y2 = to.row * ROW + BOX_H / 2;
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    var mid = (x1 + x2) / 2;
    path.setAttribute("d", "M" + x1 + " " + y1 + " C" + mid + " " + y1 + " " + mid + " " + y2 + " " + x2 + " " + y2);
    this.svg.appendChild(path);
    to.line = path;
  };

  MindMap.prototype.resize = function () {
    var maxDepth = 0;
    var maxRow = 0;
    this.nodes.forEach(function (n) { maxDepth = Math.max(maxDepth, n.depth); maxRow = Math.max(maxRow, n.row); });
    var width = (maxDepth + 1) * this.col;
    var height = (maxRow + 1) * ROW;
    this.stage.style.width = width + "px";
    this.stage.style.height = height + "px";
    this.svg.setAttribute("width", String(width));
    this.svg.setAttribute("height", String(height));
  };

  // ---- selecting, expanding, "+n more" -------------------------------------------------------------
  MindMap.prototype.select = function (node, focus) {
    if (!node || !node.el) { return; }
    if (this.selected && this.selected.el) {
      this.selected.el.classList.remove("mindmap__node--selected");
      this.selected.el.setAttribute("tabindex", "-1");
      this.selected.el.removeAttribute("aria-current");
    }
    this.selected = node;
    node.el.classList.add("mindmap__node--selected");
    node.el.setAttribute("tabindex", "0");
    node.el.setAttribute("aria-current", "true");
    if (focus) { node.el.focus(); }
    this.renderPanel(node);
  };

  MindMap.prototype.selectIri = function (iri) {
    var node = this.nodes.filter(function (n) { return n.iri === iri; })[0];
    if (node) { this.select(node, false); }
  };

  MindMap.prototype.renderPanel = function (node) {
    var panel = this.panel;
    if (!panel) { return; }
    panel.textContent = "";
    var name = document.createElement("p");
    name.className = "govuk-body mindmap__selected";
    var strong = document.createElement("strong");
    strong.setAttribute("data-map-selected-name", "");
    strong.textContent = node.label;
    markLanguage(strong, node.lang);
    name.appendChild(document.createTextNode(word("selected", "Selected:") + " "));
    name.appendChild(strong);
    panel.appendChild(name);
    var checkedWords = node.checkedWords || (node.spec && node.spec.checkedWords) || "";
    if (checkedWords) { // the server's words, in the reader's language: "last checked 3 March 2025"
      var stale = document.createElement("p");
      stale.className = "govuk-body-s mindmap__checked";
      var tag = document.createElement("strong");
      tag.className = "govuk-tag govuk-tag--yellow";
      tag.textContent = this.root.getAttribute("data-stale-label") || word("outOfDate", "May be out of date");
      stale.appendChild(tag);
      stale.appendChild(document.createTextNode(" " + checkedWords));
      panel.appendChild(stale);
    }
    var actions = document.createElement("div");
    actions.className = "mindmap__actions";
    if (node.url && node.kind !== "more") {
      var open = document.createElement("a");
      open.className = "govuk-button mindmap__open";
      open.href = withContext(node.url);
      open.setAttribute("data-map-open", "");
      open.textContent = word("openPage", "Open page");
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = ": " + node.label;
      open.appendChild(hidden);
      actions.appendChild(open);
    }
    if (node.iri && !node.expanded && node.kind !== "centre") {
      var self = this;
      var show = document.createElement("button");
      show.type = "button";
      show.className = "govuk-button govuk-button--secondary";
      show.textContent = word("showItsLinks", "Show its links");
      show.addEventListener("click", function () { self.expandNode(node); });
      actions.appendChild(show);
    }
    panel.appendChild(actions);
  };

  MindMap.prototype.activate = function (node) {
    this.select(node, true);
    if (node.kind === "more") { this.revealMore(node); return; }
    if (node.iri && !node.expanded) { this.expandNode(node); }
  };

  MindMap.prototype.revealMore = function (moreNode) {
    var spec = moreNode.spec;
    if (!spec.rest || !spec.rest.length) {
      if (spec.url) { window.location.href = spec.url; } // nothing more known here: the full list
      return;
    }
    var parent = moreNode.parent;
    var row = moreNode.row;
    this.removeNode(moreNode);
    var batch = { group: true, children: spec.rest, more: spec.extra || 0, moreUrl: spec.url };
    var planned = this.plan([batch], parent.depth).slice(1); // the children only, not the batch itself
    planned.forEach(function (e) { e.parent = e.parent === 0 ? -1 : e.parent - 1; });
    var made = this.commit(planned, row, parent);
    if (made.length) { this.select(made[0], true); }
    this.status.textContent = counted("moreUnder", "Showing {count} more under {name}.", "Showing {count} more under {name}.",
      made.length, { name: parent.label });
  };

  MindMap.prototype.removeNode = function (node) {
    delete this.columns[node.depth][node.row];
    this.nodes.splice(this.nodes.indexOf(node), 1);
    if (node.parent) { node.parent.children.splice(node.parent.children.indexOf(node), 1); }
    if (node.line) { node.line.remove(); }
    node.el.remove();
    node.el = null;
  };

  /* Fetch a node's links (the neighbourhood's JSON twin), show them in the list under its entry and on
     the picture beside it. */
  MindMap.prototype.expandNode = function (node) {
    var self = this;
    if (node.expanded || node.loading) {
      if (!node.listOnly) { this.select(node, false); }
      return Promise.resolve();
    }
    node.loading = true;
    var item = node.spec.item || null;
    var button = item ? item.querySelector(":scope > .mindmap__expand") : null;
    if (button) { button.setAttribute("aria-busy", "true"); }
    return fetch(withContext(self.source + "?node=" + encodeURIComponent(node.iri)),
      { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var nested = self.renderGroups(data.groups || []);
        if (item) { item.appendChild(nested); }
        var specs = specsFromList(nested);
        var planned = self.plan([{ iri: node.iri, label: node.label, lang: node.lang, centre: true, children: specs }], node.depth)
          .slice(1);
        planned.forEach(function (e) { e.parent = e.parent === 0 ? -1 : e.parent - 1; });
        node.expanded = true;
        node.loading = false;
        if (!node.listOnly) {
          if (planned.length) { self.commit(planned, node.row, node); }
          node.el.classList.add("mindmap__node--expanded");
          node.el.setAttribute("data-expanded", "true");
          self.select(node, false);
        }
        self.enhanceList(nested);
        if (button) {
          button.removeAttribute("aria-busy");
          button.setAttribute("aria-expanded", "true");
          button.firstChild.textContent = word("linksShown", "Links shown");
        }
        var count = (data.groups || []).reduce(function (sum, g) { return sum + g.members.length; }, 0);
        self.status.textContent = counted("linksOf", "Showing {count} link of {name} on the map and in the list.",
          "Showing {count} links of {name} on the map and in the list.", count, { name: node.label });
      })
      .catch(function () {
        node.loading = false;
        if (button) { button.removeAttribute("aria-busy"); }
        self.status.textContent = word("notLoaded", "Sorry, the links could not be loaded. Open the page instead.");
      });
  };

  // ---- keyboard on the picture: one Tab stop, arrows between nodes --------------------------------
  MindMap.prototype.listenToPictureKeys = function () {
    var self = this;
    this.stage.addEventListener("keydown", function (event) {
      var at = self.selected;
      if (!at) { return; }
      var next = null;
      if (event.key === "ArrowRight") { next = at.children[0]; }
      else if (event.key === "ArrowLeft") { next = at.parent; }
      else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        var column = self.columns[at.depth] || {};
        var rows = Object.keys(column).map(Number).sort(function (a, b) { return a - b; });
        var i = rows.indexOf(at.row) + (event.key === "ArrowDown" ? 1 : -1);
        next = i >= 0 && i < rows.length ? column[rows[i]] : null;
      } else if (event.key === "Home") { next = self.centreNode; }
      if (next) {
        event.preventDefault();
        self.select(next, true);
      }
    });
  };

  // ---- the list: the text alternative of the same map ----------------------------------------------
  MindMap.prototype.enhanceList = function (scope) {
    var self = this;
    scope.querySelectorAll("[data-map-node]").forEach(function (item) {
      if (item.querySelector(":scope > .mindmap__expand")) { return; }
      var iri = item.getAttribute("data-iri");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary mindmap__expand";
      button.setAttribute("aria-expanded", "false");
      button.textContent = word("showLinks", "Show links");
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = " " + word("ofName", "of {name}", { name: item.getAttribute("data-label") });
      button.appendChild(hidden);
      button.addEventListener("click", function () { self.expandItem(item, iri); });
      item.addEventListener("focusin", function () { self.selectIri(iri); });
      var link = item.querySelector("a");
      (link || item.firstChild).after(button);
    });
  };

  /* An entry of the list may be drawn (its node) or still behind "+n more": then reveal it first. */
  MindMap.prototype.expandItem = function (item, iri) {
    if (!item.mapNode && this.stage) {
      var more = this.nodes.filter(function (n) {
        return n.kind === "more" && (n.spec.rest || []).some(function (s) { return s.item === item; });
      })[0];
      while (more && !item.mapNode) {
        this.revealMore(more);
        more = this.nodes.filter(function (n) {
          return n.kind === "more" && (n.spec.rest || []).some(function (s) { return s.item === item; });
        })[0];
      }
    }
    return item.mapNode ? this.expandNode(item.mapNode) : this.fetchListOnly(item, iri);
  };

  MindMap.prototype.fetchListOnly = function (item, iri) {
    // no picture (or the entry is not drawn): the list alone grows
    return this.expandNode({ iri: iri, label: item.getAttribute("data-label"), spec: { item: item },
      children: [], listOnly: true });
  };

  /* The same markup the server renders for a neighbourhood, built from its JSON twin. */
  MindMap.prototype.renderGroups = function (groups) {
    var self = this;
    var container = document.createElement("div");
    container.className = "mindmap__groups mindmap__groups--nested";
    groups.forEach(function (group) {
      var block = document.createElement("div");
      block.className = "mindmap__group";
      block.setAttribute("data-map-group", group.title);
      var heading = document.createElement("h4");
      heading.className = "govuk-heading-s";
      heading.textContent = group.title + " (" + group.count + ")";
      block.appendChild(heading);
      var list = document.createElement("ul");
      list.className = "govuk-list mindmap__members";
      group.members.forEach(function (member) {
        var item = document.createElement("li");
        item.setAttribute("data-map-node", "");
        item.setAttribute("data-iri", member.iri);
        item.setAttribute("data-url", member.url || "");
        item.setAttribute("data-label", member.label);
        if (member.label_lang) { item.setAttribute("data-lang", member.label_lang); }
        item.setAttribute("data-kind", member.kind);
        if (member.checked_words) { item.setAttribute("data-checked-words", member.checked_words); }
        var link = document.createElement(member.url ? "a" : "span");
        if (member.url) { link.className = "govuk-link"; link.href = withContext(member.url); }
        link.textContent = member.label;
        markLanguage(link, member.label_lang);
        item.appendChild(link);
        var kind = document.createElement("span");
        kind.className = "mindmap__kind";
        kind.textContent = " " + member.kind_label;
        item.appendChild(kind);
        if (member.checked_words) { // as the server's list says it (core/_checked.html)
          var stale = document.createElement("strong");
          stale.className = "govuk-tag govuk-tag--yellow se7-tag";
          stale.textContent = self.root.getAttribute("data-stale-label") || word("outOfDate", "May be out of date");
          var when = document.createElement("span");
          when.className = "govuk-body-s";
          when.textContent = " " + member.checked_words;
          item.appendChild(document.createTextNode(" "));
          item.appendChild(stale);
          item.appendChild(when);
        }
        list.appendChild(item);
      });
      block.appendChild(list);
      if (group.elsewhere || group.other_ages) { // as the server's list says it (map_macros.html)
        var aside = document.createElement("p");
        aside.className = "govuk-body-s mindmap__elsewhere";
        aside.textContent = [group.elsewhere ? word("elsewhere", "Elsewhere in SE7") + " (" + group.elsewhere + ")" : "",
          group.other_ages ? word("otherAges", "Not for this age") + " (" + group.other_ages + ")" : ""]
          .filter(Boolean).join(" · ");
        block.appendChild(aside);
      }
      if (group.more > 0 && group.more_url) {
        var more = document.createElement("p");
        more.className = "govuk-body-s";
        var link = document.createElement("a");
        link.className = "govuk-link";
        link.href = group.more_url;
        link.textContent = counted("andMore", "and {count} more", "and {count} more", group.more);
        more.appendChild(link);
        block.appendChild(more);
      }
      container.appendChild(block);
    });
    return container;
  };

  /* Arrow keys move between the links and buttons of the list (Tab works too; nothing traps focus). */
  MindMap.prototype.listenToListKeys = function () {
    var root = this.root;
    root.addEventListener("keydown", function (event) {
      var keys = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
      if (!(event.key in keys) || !event.target.closest(".mindmap__groups")) { return; }
      var stops = Array.prototype.slice.call(root.querySelectorAll(".mindmap__groups a, .mindmap__groups button"));
      var at = stops.indexOf(event.target);
      var next = stops[at + keys[event.key]];
      if (at >= 0 && next) {
        event.preventDefault();
        next.focus();
      }
    });
  };

  document.querySelectorAll("[data-mindmap]").forEach(function (root) { root.mindmap = new MindMap(root); });
}());
