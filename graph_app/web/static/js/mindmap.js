/* The mind map: draws the server-rendered list of links (the text alternative, which works without
   JavaScript) as a Cytoscape.js picture, expands a node on click or from its "Show links" button
   (fetching /map/neighbourhood.json), keeps the list and the picture in step, and keeps a trail of
   where you have been in sessionStorage. The list is the keyboard interface: Tab or the arrow keys
   move through it, Enter on "Show links" expands, a link opens the page. */
(function () {
  "use strict";

  var TRAIL_KEY = "se7-mindmap-trail";
  var TRAIL_MAX = 12;
  var COLOURS = {
    need: "#1d70b8", service: "#00703c", setting: "#4c2c92", area: "#f47738", "age-band": "#d53880",
    heading: "#505a5f", pathway: "#912b88", clause: "#0b0c0c", provider: "#28a197", step: "#6f72af"
  };

  // ---- the trail ---------------------------------------------------------------------------------
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

  // ---- the picture -------------------------------------------------------------------------------
  function style() {
    return [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 110,
        "text-valign": "bottom", "text-margin-y": 4, "color": "#0b0c0c", "width": 18, "height": 18,
        "background-color": function (n) { return COLOURS[n.data("kind")] || "#505a5f"; }
      } },
      { selector: "node[?group]", style: {
        "shape": "round-rectangle", "background-color": "#f3f2f1", "border-width": 1, "border-color": "#b1b4b6",
        "width": 12, "height": 12, "font-style": "italic", "color": "#505a5f"
      } },
      { selector: "node[?centre]", style: { "width": 30, "height": 30, "font-weight": "bold", "font-size": 13 } },
      { selector: "node[?expanded]", style: { "border-width": 3, "border-color": "#0b0c0c" } },
      { selector: "node:selected", style: {
        "border-width": 5, "border-color": "#ffdd00", "underlay-color": "#0b0c0c", "underlay-opacity": 1,
        "underlay-padding": 3
      } },
      { selector: "edge", style: { "width": 1, "line-color": "#b1b4b6", "curve-style": "bezier" } }
    ];
  }

  function MindMap(root) {
    this.root = root;
    this.source = root.getAttribute("data-map-source");
    this.centre = root.getAttribute("data-map-center");
    this.expanded = {};
    this.status = document.createElement("p");
    this.status.className = "govuk-visually-hidden";
    this.status.setAttribute("role", "status");
    root.appendChild(this.status);
    var centreUrl = root.getAttribute("data-map-center-url");
    var centreLabel = root.getAttribute("data-map-center-label");
    if (centreUrl) { remember({ url: centreUrl, label: centreLabel }); }
    renderTrail(root);
    this.expanded[this.centre] = true;
    this.draw(centreLabel);
    this.enhanceList(root);
    this.listenToKeys();
  }

  MindMap.prototype.draw = function (centreLabel) {
    var picture = this.root.querySelector("[data-map-picture]");
    var canvas = this.root.querySelector("[data-map-canvas]");
    if (!picture || !canvas || typeof window.cytoscape !== "function") { return; }
    picture.hidden = false;
    var elements = [{ data: { id: this.centre, label: centreLabel, centre: true, expanded: true } }];
    this.cy = window.cytoscape({ container: canvas, elements: elements, style: style(), minZoom: 0.3, maxZoom: 3 });
    var groups = this.root.querySelector(".mindmap__groups");
    this.addFromList(this.centre, groups);
    this.layout();
    var self = this;
    this.cy.on("tap", "node", function (event) {
      var node = event.target;
      if (node.data("group")) { return; }
      if (self.expanded[node.id()] && node.data("url")) {
        window.location.href = node.data("url"); // a second click on an open node goes to its page
        return;
      }
      var item = self.itemFor(node.id());
      self.expand(node.id(), item);
      if (item) {
        var button = item.querySelector(".mindmap__expand");
        if (button) { button.focus(); }
      }
    });
  };

  MindMap.prototype.layout = function () {
    if (!this.cy) { return; }
    this.cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 9000; },
      idealEdgeLength: function () { return 60; }, padding: 20 }).run();
  };

  /* Add the groups and members of a server-rendered (or fetched) list to the picture, hung off `owner`. */
  MindMap.prototype.addFromList = function (owner, container) {
    if (!this.cy || !container) { return; }
    var cy = this.cy;
    var groups = container.querySelectorAll(":scope > [data-map-group]");
    groups.forEach(function (group) {
      var title = group.getAttribute("data-map-group");
      var groupId = owner + " | " + title;
      if (cy.getElementById(groupId).empty()) {
        cy.add({ data: { id: groupId, label: title, group: true } });
        cy.add({ data: { id: groupId + " edge", source: owner, target: groupId } });
      }
      group.querySelectorAll(":scope > ul > [data-map-node]").forEach(function (item) {
        var iri = item.getAttribute("data-iri");
        if (cy.getElementById(iri).empty()) {
          cy.add({ data: { id: iri, label: item.getAttribute("data-label"), url: item.getAttribute("data-url"),
            kind: item.getAttribute("data-kind") } });
        }
        var edgeId = groupId + " -> " + iri;
        if (cy.getElementById(edgeId).empty()) { cy.add({ data: { id: edgeId, source: groupId, target: iri } }); }
      });
    });
  };

  // ---- the list: the keyboard and screen-reader side of the same map ------------------------------
  MindMap.prototype.enhanceList = function (scope) {
    var self = this;
    scope.querySelectorAll("[data-map-node]").forEach(function (item) {
      if (item.querySelector(":scope > .mindmap__expand")) { return; }
      var iri = item.getAttribute("data-iri");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary mindmap__expand";
      button.setAttribute("aria-expanded", self.expanded[iri] ? "true" : "false");
      button.textContent = "Show links";
      var hidden = document.createElement("span");
      hidden.className = "govuk-visually-hidden";
      hidden.textContent = " of " + item.getAttribute("data-label");
      button.appendChild(hidden);
      button.addEventListener("click", function () { self.expand(iri, item); });
      item.addEventListener("focusin", function () { self.select(iri); });
      var link = item.querySelector("a");
      (link || item.firstChild).after(button);
    });
  };

  MindMap.prototype.itemFor = function (iri) {
    var items = this.root.querySelectorAll("[data-map-node]");
    for (var i = 0; i < items.length; i += 1) {
      if (items[i].getAttribute("data-iri") === iri) { return items[i]; }
    }
    return null;
  };

  MindMap.prototype.select = function (iri) {
    if (!this.cy) { return; }
    this.cy.$(":selected").unselect();
    var node = this.cy.getElementById(iri);
    if (!node.empty()) { node.select(); }
  };

  MindMap.prototype.expand = function (iri, item) {
    var self = this;
    var button = item ? item.querySelector(":scope > .mindmap__expand") : null;
    if (self.expanded[iri]) { self.select(iri); return; }
    self.expanded[iri] = true;
    if (button) { button.setAttribute("aria-busy", "true"); }
    fetch(self.source + "?node=" + encodeURIComponent(iri), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        var nested = self.renderGroups(data.groups || []);
        if (item) { item.appendChild(nested); }
        self.addFromList(iri, nested);
        if (self.cy) { self.cy.getElementById(iri).data("expanded", true); }
        self.layout();
        self.select(iri);
        self.enhanceList(nested);
        if (button) {
          button.removeAttribute("aria-busy");
          button.setAttribute("aria-expanded", "true");
          button.firstChild.textContent = "Links shown";
        }
        remember({ url: data.node && data.node.url, label: data.node && data.node.label });
        renderTrail(self.root);
        var count = (data.groups || []).reduce(function (sum, g) { return sum + g.members.length; }, 0);
        self.status.textContent = "Showing " + count + " links of " + (data.node ? data.node.label : "this") +
          " on the map and in the list.";
      })
      .catch(function () {
        self.expanded[iri] = false;
        if (button) { button.removeAttribute("aria-busy"); }
        self.status.textContent = "Sorry, the links could not be loaded. Open the page instead.";
      });
  };

  /* The same markup the server renders for a neighbourhood, built from its JSON twin. */
  MindMap.prototype.renderGroups = function (groups) {
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
        item.setAttribute("data-kind", member.kind);
        var link = document.createElement(member.url ? "a" : "span");
        if (member.url) { link.className = "govuk-link"; link.href = member.url; }
        link.textContent = member.label;
        item.appendChild(link);
        var kind = document.createElement("span");
        kind.className = "mindmap__kind";
        kind.textContent = " " + member.kind_label;
        item.appendChild(kind);
        list.appendChild(item);
      });
      block.appendChild(list);
      if (group.more > 0 && group.more_url) {
        var more = document.createElement("p");
        more.className = "govuk-body-s";
        var link = document.createElement("a");
        link.className = "govuk-link";
        link.href = group.more_url;
        link.textContent = "and " + group.more + " more";
        more.appendChild(link);
        block.appendChild(more);
      }
      container.appendChild(block);
    });
    return container;
  };

  /* Arrow keys move between the links and buttons of the list (Tab works too; nothing traps focus). */
  MindMap.prototype.listenToKeys = function () {
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
