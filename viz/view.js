/* diplo-kg graph page. Every string from the data reaches the page through
   textContent (or a text node); nothing here writes HTML. */
(function () {
  "use strict";
  performance.mark("kg-start");
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  performance.mark("kg-data");
  var relations = data.view === "relations";
  var styles = {};
  data.classes.forEach(function (c) { styles[c.name] = c; });
  var nodeById = {};
  data.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var adjacency = {};  // node id -> edge ids
  data.nodes.forEach(function (n) { adjacency[n.id] = []; });
  data.edges.forEach(function (e) { adjacency[e.from].push(e.id); adjacency[e.to].push(e.id); });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function itemsPhrase(n) { return n === 1 ? "1 event or agreement" : n + " events and agreements"; }
  var KIND_NAMES = { PhoneCall: "Phone call" };
  function kindName(cls) { return KIND_NAMES[cls] || cls; }

  document.title = data.title;
  document.getElementById("title").textContent = data.title;
  var counts = plural(data.counts.nodes, "node") + " · " + plural(data.counts.edges, "edge");
  if (data.counts.total > data.counts.nodes) { counts += " (of " + data.counts.total + " nodes)"; }
  document.getElementById("counts").textContent = counts;
  if (data.notice) {
    var notice = document.getElementById("notice");
    notice.textContent = data.notice;
    notice.hidden = false;
  }

  /* ---- filters ---------------------------------------------------------- */
  var state = { hiddenClasses: {}, hiddenStatuses: {}, since: "", until: "" };
  function checkbox(container, name, text, glyph, color, onChange) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-filter", name);
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (glyph) {
      var mark = el("span", glyph, "glyph");
      mark.style.color = color;
      label.appendChild(mark);
    }
    label.appendChild(document.createTextNode(text));
    container.appendChild(label);
    return box;
  }
  var boxes = [];
  var legend = document.getElementById("legend");
  data.classes.forEach(function (c) {
    boxes.push(checkbox(legend, c.name, c.label, c.glyph, c.color, function (on) {
      state.hiddenClasses[c.name] = !on; applyFilters();
    }));
  });
  var kinds = document.getElementById("item-kinds");
  if (relations) {
    kinds.appendChild(el("span", "Joined by", "group"));
    data.itemClasses.forEach(function (name) {
      boxes.push(checkbox(kinds, name, kindName(name), null, null, function (on) {
        state.hiddenClasses[name] = !on; applyFilters();
      }));
    });
  } else {
    kinds.hidden = true;
  }
  var statuses = document.getElementById("statuses");
  statuses.appendChild(el("span", "Status", "group"));
  data.statuses.forEach(function (name) {
    boxes.push(checkbox(statuses, name, name, null, null, function (on) {
      state.hiddenStatuses[name] = !on; applyFilters();
    }));
  });
  var since = document.getElementById("since");
  var until = document.getElementById("until");
  var days = [];
  (relations ? data.items : data.nodes).forEach(function (item) { if (item.when) { days.push(item.when); } });
  days.sort();
  if (days.length) {
    since.min = until.min = days[0];
    since.max = until.max = days[days.length - 1];
  } else {
    document.getElementById("dates").hidden = true;
  }
  since.addEventListener("change", function () { state.since = since.value; applyFilters(); });
  until.addEventListener("change", function () { state.until = until.value; applyFilters(); });
  document.getElementById("reset").addEventListener("click", function () {
    state = { hiddenClasses: {}, hiddenStatuses: {}, since: "", until: "" };
    boxes.forEach(function (b) { b.checked = true; });
    since.value = until.value = "";
    applyFilters();
  });

  function itemVisible(item) {
    if (state.hiddenClasses[item.cls]) { return false; }
    if (item.status && state.hiddenStatuses[item.status]) { return false; }
    if (state.since && !(item.when && item.when >= state.since)) { return false; }
    if (state.until && !(item.when && item.when <= state.until)) { return false; }
    return true;
  }
  function isItem(node) { return data.itemClasses.indexOf(node.cls) >= 0; }
  function visibleItems(edge) { return edge.items.filter(function (i) { return itemVisible(data.items[i]); }); }

  /* ---- the network: drawn by vis-network (canvas) or sigma.js (WebGL) ------ */
  function edgeWidth(weight) { return 1 + 2 * Math.log2(1 + weight); }
  var container = document.getElementById("graph");
  function settle() {
    if (window.kgSettledMs !== undefined) { return; }
    window.kgSettledMs = Math.round(performance.now());
    document.documentElement.setAttribute("data-settled", "true");
  }

  function visDrawing() {
    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      var style = styles[n.cls];
      return { id: n.id, label: n.label, shape: style.shape, size: n.size, x: n.x, y: n.y,
               color: { background: style.color, border: "#555555",
                        highlight: { background: style.color, border: "#111111" },
                        hover: { background: style.color, border: "#111111" } } };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      if (relations) {
        return { id: e.id, from: e.from, to: e.to, label: String(e.items.length), width: edgeWidth(e.items.length),
                 arrows: { to: { enabled: false } } };
      }
      return { id: e.id, from: e.from, to: e.to, label: e.label };
    }));
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    network.once("afterDrawing", settle);
    return {
      network: network, nodes: nodes, edges: edges,
      update: function (nodeVisible, edgeUpdates) {
        nodes.update(data.nodes.map(function (n) { return { id: n.id, hidden: !nodeVisible[n.id] }; }));
        edges.update(edgeUpdates);
      },
      focus: function (id) {
        network.selectNodes([id]);
        network.focus(id, { scale: Math.max(network.getScale(), 1.1), animation: false });
      },
      selected: function () { return network.getSelectedNodes(); },
      on: function (handlers) {
        network.on("hoverNode", function (p) { handlers.hoverNode(p.node, p.pointer.DOM); });
        network.on("hoverEdge", function (p) { handlers.hoverEdge(p.edge, p.pointer.DOM); });
        network.on("blurNode", handlers.blur);
        network.on("blurEdge", handlers.blur);
        network.on("dragStart", handlers.blur);
        network.on("click", function (p) {
          if (p.nodes.length) { handlers.clickNode(p.nodes[0]); }
          else if (p.edges.length) { handlers.clickEdge(p.edges[0]); }
          else { handlers.blur(); }
        });
      },
      hidden: function () {
        return nodes.get({ filter: function (n) { return n.hidden; } }).map(function (n) { return n.id; });
      },
      visibleCounts: function () {
        return { nodes: nodes.get({ filter: function (n) { return !n.hidden; } }).length,
                 edges: edges.get({ filter: function (e) { return !e.hidden; } }).length };
      }
    };
  }

  function webglDrawing() {
    var count = data.nodes.length;
    var hiddenNode = new Uint8Array(count), hiddenEdge = new Uint8Array(data.edges.length);
    var edgeSize = new Float32Array(data.edges.length);
    var chosen = null;
    var graph = new graphology.Graph({ type: "directed", multi: true, allowSelfLoops: true });
    graph.import({
      nodes: data.nodes.map(function (n) {
        return { key: String(n.id), attributes: { x: n.x, y: -n.y, size: Math.max(2, n.size / 4),
                                                   color: styles[n.cls].color, label: n.label } };
      }),
      edges: data.edges.map(function (e) {
        edgeSize[e.id] = relations ? edgeWidth(e.items.length) / 2 : 0.6;
        return { key: String(e.id), source: String(e.from), target: String(e.to), attributes: { color: "#b5b5b5" } };
      })
    });
    performance.mark("kg-graph");
    // measured in headless Chromium (bench/bench_view.py): arrows, edge picking and z-ordering
    // cost a third of the first frame on large graphs, so they are kept for smaller ones
    var large = data.edges.length > 20000;
    var renderer = new Sigma(graph, container, {
      defaultEdgeType: relations || large ? "line" : "arrow",
      renderEdgeLabels: false,
      enableEdgeEvents: relations || !large,
      labelRenderedSizeThreshold: 7,
      labelDensity: 0.6,
      zIndex: false,
      nodeReducer: function (key, attributes) {
        var id = +key;
        if (hiddenNode[id]) { return Object.assign({}, attributes, { hidden: true }); }
        if (id === chosen) { return Object.assign({}, attributes, { highlighted: true, forceLabel: true }); }
        return attributes;
      },
      edgeReducer: function (key, attributes) {
        var id = +key;
        if (hiddenEdge[id]) { return Object.assign({}, attributes, { hidden: true }); }
        return Object.assign({}, attributes, { size: edgeSize[id] });
      }
    });
    performance.mark("kg-sigma");
    function choose(id) {  // redraw only the nodes whose highlight changes
      var changed = [String(id)];
      if (chosen !== null && chosen !== id) { changed.push(String(chosen)); }
      chosen = id;
      renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
    }
    // sigma draws its first frame inside the constructor: the page is painted by the next frame
    requestAnimationFrame(function () { requestAnimationFrame(settle); });
    return {
      sigma: renderer, graph: graph,
      update: function (nodeVisible, edgeUpdates) {
        data.nodes.forEach(function (n) { hiddenNode[n.id] = nodeVisible[n.id] ? 0 : 1; });
        edgeUpdates.forEach(function (u) {
          hiddenEdge[u.id] = u.hidden ? 1 : 0;
          if (u.width !== undefined) { edgeSize[u.id] = u.width / 2; }
        });
        renderer.refresh();
      },
      focus: function (id) {
        choose(id);
        var place = renderer.getNodeDisplayData(String(id));
        var camera = renderer.getCamera();
        if (place) { camera.setState({ x: place.x, y: place.y, ratio: Math.min(camera.getState().ratio, 0.15) }); }
      },
      selected: function () { return chosen === null ? [] : [chosen]; },
      on: function (handlers) {
        renderer.on("enterNode", function (p) { handlers.hoverNode(+p.node, { x: p.event.x, y: p.event.y }); });
        renderer.on("enterEdge", function (p) { handlers.hoverEdge(+p.edge, { x: p.event.x, y: p.event.y }); });
        renderer.on("leaveNode", handlers.blur);
        renderer.on("leaveEdge", handlers.blur);
        renderer.on("clickNode", function (p) { choose(+p.node); handlers.clickNode(+p.node); });
        renderer.on("clickEdge", function (p) { handlers.clickEdge(+p.edge); });
        renderer.on("clickStage", handlers.blur);
      },
      hidden: function () {
        var out = [];
        hiddenNode.forEach(function (h, id) { if (h) { out.push(id); } });
        return out;
      },
      visibleCounts: function () {
        var shown = 0, lines = 0;
        hiddenNode.forEach(function (h) { if (!h) { shown += 1; } });
        hiddenEdge.forEach(function (h) { if (!h) { lines += 1; } });
        return { nodes: shown, edges: lines };
      }
    };
  }

  var drawing = null;
  if (data.nodes.length === 0) {
    container.appendChild(el("p", "Nothing to show: the store (or the filtered view) has no nodes.", "empty"));
    settle();
  } else {
    drawing = data.renderer === "webgl" ? webglDrawing() : visDrawing();
  }

  function applyFilters() {
    var nodeVisible = {};
    var edgeUpdates = [];
    if (relations) {
      var live = {};
      data.edges.forEach(function (e) {
        var shown = visibleItems(e);
        var visible = shown.length > 0 && !state.hiddenClasses[nodeById[e.from].cls] &&
                      !state.hiddenClasses[nodeById[e.to].cls];
        if (visible) { live[e.from] = live[e.to] = true; }
        edgeUpdates.push({ id: e.id, hidden: !visible, label: String(shown.length), width: edgeWidth(shown.length) });
      });
      data.nodes.forEach(function (n) {
        nodeVisible[n.id] = !state.hiddenClasses[n.cls] && (adjacency[n.id].length === 0 || !!live[n.id]);
      });
    } else {
      data.nodes.forEach(function (n) {
        if (isItem(n)) { nodeVisible[n.id] = itemVisible(n); }
      });
      data.nodes.forEach(function (n) {
        if (isItem(n)) { return; }
        var hadItems = false, anyItem = false;
        adjacency[n.id].forEach(function (eid) {
          var e = data.edges[eid];
          var other = nodeById[e.from === n.id ? e.to : e.from];
          if (isItem(other)) { hadItems = true; if (nodeVisible[other.id]) { anyItem = true; } }
        });
        nodeVisible[n.id] = !state.hiddenClasses[n.cls] && (!hadItems || anyItem);
      });
      data.edges.forEach(function (e) {
        edgeUpdates.push({ id: e.id, hidden: !(nodeVisible[e.from] && nodeVisible[e.to]) });
      });
    }
    if (drawing) { drawing.update(nodeVisible, edgeUpdates); }
  }

  /* ---- tooltips (our own, text only) ------------------------------------ */
  var tip = document.getElementById("tip");
  function nodeTip(n) {
    var lines = [n.name, kindName(n.cls) + (n.iso ? " (" + n.iso + ")" : "")];
    if (isItem(n)) { lines.push([n.date, n.status].filter(Boolean).join(" · ")); }
    return lines.filter(Boolean).join("\n");
  }
  function relationSummary(itemIds) {
    var byKind = {};
    itemIds.forEach(function (i) { var k = data.items[i].cls; byKind[k] = (byKind[k] || 0) + 1; });
    return Object.keys(byKind).sort().map(function (k) { return byKind[k] + " " + kindName(k); }).join(", ");
  }
  function edgeTip(e) {
    var a = nodeById[e.from].name, b = nodeById[e.to].name;
    if (!relations) {
      return a + " → " + b + "\n" + e.label + (e.detail ? ": " + e.detail.join("; ") : "");
    }
    var shown = visibleItems(e);
    var lines = [a + " — " + b, itemsPhrase(shown.length) + ": " + relationSummary(shown)];
    shown.slice(0, 12).forEach(function (i) { lines.push("• " + data.items[i].name); });
    if (shown.length > 12) { lines.push("… and " + (shown.length - 12) + " more"); }
    return lines.join("\n");
  }
  function showTip(text, pointer) {
    tip.textContent = text;
    tip.style.left = (pointer.x + 14) + "px";
    tip.style.top = (pointer.y + 14) + "px";
    tip.hidden = false;
  }

  /* ---- the side panel --------------------------------------------------- */
  var panel = document.getElementById("panel");
  function sourceLine(ref) {
    if (ref === undefined) { return null; }
    var source = data.sources[ref];
    var line = el("div", null, "source");
    line.appendChild(document.createTextNode("Source: "));
    var link = el("a", source.headline || source.url || "article");
    if (/^https?:\/\//i.test(source.url)) {
      link.href = source.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
    }
    line.appendChild(link);
    if (source.date) { line.appendChild(document.createTextNode(" (" + source.date + ")")); }
    return line;
  }
  function nodeButton(id, text) {
    var button = el("button", text, "link");
    button.type = "button";
    button.addEventListener("click", function () { focusNode(id); });
    return button;
  }
  function itemEntry(item, nodeId, role) {
    var li = el("li");
    li.appendChild(nodeId === undefined ? el("strong", item.name) : nodeButton(nodeId, item.name));
    var meta = [kindName(item.cls), item.date || (item.when ? "published " + item.when : ""), item.status,
                role ? "as " + role : "", item.topic ? "on " + item.topic : ""].filter(Boolean).join(" · ");
    li.appendChild(el("div", meta, "meta"));
    if (item.evidence) { li.appendChild(el("blockquote", item.evidence)); }
    var source = sourceLine(item.src);
    if (source) { li.appendChild(source); }
    return li;
  }
  function section(title, entries) {
    if (!entries.length) { return; }
    panel.appendChild(el("h3", title));
    var list = el("ul");
    entries.forEach(function (entry) { list.appendChild(entry); });
    panel.appendChild(list);
  }
  /* the same small timeline as `kg viz --view timeline`: events per month by type and status */
  function drawTimeline(items) {
    var counts = {};
    items.forEach(function (item) {
      if (!item.when) { return; }
      var key = item.when.slice(0, 7) + "-01|" + item.cls + "|" + (item.status || "occurred");
      counts[key] = (counts[key] || 0) + 1;
    });
    var rows = Object.keys(counts).sort().map(function (key) {
      var parts = key.split("|");
      return { month: parts[0], type: parts[1], status: parts[2], count: counts[key] };
    });
    if (!rows.length || typeof vegaEmbed === "undefined") { return; }
    panel.appendChild(el("h3", "Timeline"));
    var box = el("div", null, "timeline");
    box.setAttribute("data-events", String(rows.reduce(function (sum, row) { return sum + row.count; }, 0)));
    panel.appendChild(box);
    var spec = JSON.parse(JSON.stringify(data.timelineSpec));
    spec.data = { values: rows };
    vegaEmbed(box, spec, { actions: false, renderer: "svg", ast: true, tooltip: true })
      .catch(function (error) { box.textContent = "The timeline could not be drawn: " + error; });
  }
  function byWhen(a, b) { return (a.when || "") < (b.when || "") ? -1 : (a.when || "") > (b.when || "") ? 1 : 0; }

  function showNode(id) {
    var n = nodeById[id];
    panel.textContent = "";
    if (!n) { return; }
    panel.setAttribute("data-node", String(id));
    panel.appendChild(el("h2", n.name));
    panel.appendChild(el("div", kindName(n.cls) + (n.iso ? " · " + n.iso : "") +
                               (isItem(n) ? [""].concat([n.date, n.status, n.topic].filter(Boolean)).join(" · ") : ""),
                         "meta"));
    if (isItem(n)) {
      if (n.evidence) { panel.appendChild(el("h3", "Evidence")); panel.appendChild(el("blockquote", n.evidence)); }
      var source = sourceLine(n.src);
      if (source) { panel.appendChild(source); }
      section("Who", adjacency[id].map(function (eid) {
        var e = data.edges[eid];
        var other = e.from === id ? e.to : e.from;
        var li = el("li");
        li.appendChild(document.createTextNode(e.label + ": "));
        li.appendChild(nodeButton(other, nodeById[other].name));
        return li;
      }));
      return;
    }
    if (n.posts) {
      section("Posts", n.posts.map(function (post) {
        var li = el("li");
        li.appendChild(el("strong", post.title));
        if (post.owner !== undefined) {
          li.appendChild(document.createTextNode(" of "));
          li.appendChild(nodeButton(post.owner, nodeById[post.owner].name));
        }
        if (post.evidence) { li.appendChild(el("blockquote", post.evidence)); }
        var src = sourceLine(post.src);
        if (src) { li.appendChild(src); }
        return li;
      }));
    }
    if (relations) {
      var partners = adjacency[id].map(function (eid) { return data.edges[eid]; })
        .sort(function (a, b) { return b.items.length - a.items.length; });
      section("Partners", partners.map(function (e) {
        var other = e.from === id ? e.to : e.from;
        var li = el("li");
        li.appendChild(nodeButton(other, nodeById[other].name));
        li.appendChild(document.createTextNode(" — " + relationSummary(e.items)));
        return li;
      }));
      var seen = {}, ids = [];
      partners.forEach(function (e) { e.items.forEach(function (i) { if (!seen[i]) { seen[i] = true; ids.push(i); } }); });
      ids.sort(function (a, b) { return byWhen(data.items[a], data.items[b]); });
      drawTimeline(ids.map(function (i) { return data.items[i]; }));
      section("Events and agreements", ids.map(function (i) { return itemEntry(data.items[i]); }));
      return;
    }
    var people = [], items = [];
    adjacency[id].forEach(function (eid) {
      var e = data.edges[eid];
      var other = nodeById[e.from === id ? e.to : e.from];
      if (isItem(other)) { items.push({ node: other, role: e.label }); }
      else if (e.detail && e.to === id) {
        var li = el("li");
        li.appendChild(nodeButton(other.id, other.name));
        li.appendChild(document.createTextNode(" — " + e.detail.join("; ")));
        people.push(li);
      }
    });
    section("Officials", people);
    if (n.involved) { drawTimeline(n.involved.map(function (i) { return nodeById[i]; })); }
    items.sort(function (a, b) { return byWhen(a.node, b.node); });
    section("Events and agreements", items.map(function (x) { return itemEntry(x.node, x.node.id, x.role); }));
  }

  function showEdge(id) {
    var e = data.edges[id];
    panel.textContent = "";
    panel.removeAttribute("data-node");
    var a = nodeById[e.from], b = nodeById[e.to];
    var head = el("h2");
    head.appendChild(nodeButton(a.id, a.name));
    head.appendChild(document.createTextNode(relations ? " — " : " → "));
    head.appendChild(nodeButton(b.id, b.name));
    panel.appendChild(head);
    if (!relations) {
      panel.appendChild(el("div", e.label + (e.detail ? ": " + e.detail.join("; ") : ""), "meta"));
      return;
    }
    var shown = visibleItems(e);
    panel.appendChild(el("div", itemsPhrase(shown.length) + ": " + relationSummary(shown), "meta"));
    drawTimeline(shown.map(function (i) { return data.items[i]; }));
    section("Events and agreements", shown.map(function (i) { return itemEntry(data.items[i]); }));
  }

  function focusNode(id) {
    if (!drawing || nodeById[id] === undefined) { return; }
    drawing.focus(id);
    showNode(id);
  }

  var handlers = {
    hoverNode: function (id, where) { showTip(nodeTip(nodeById[id]), where); },
    hoverEdge: function (id, where) { showTip(edgeTip(data.edges[id]), where); },
    blur: function () { tip.hidden = true; },
    clickNode: function (id) { tip.hidden = true; showNode(id); },
    clickEdge: function (id) { tip.hidden = true; showEdge(id); }
  };
  if (drawing) { drawing.on(handlers); }

  /* ---- search ----------------------------------------------------------- */
  var names = document.getElementById("names");
  var byName = {};
  data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; }).forEach(function (n) {
    var key = n.name.toLowerCase();
    if (byName[key] === undefined) { byName[key] = n.id; }
  });
  data.nodes.slice(0, 5000).forEach(function (n) {
    if (!isItem(n)) { var option = el("option"); option.value = n.name; names.appendChild(option); }
  });
  function find(text) {
    var query = text.trim().toLowerCase();
    if (!query) { return undefined; }
    if (byName[query] !== undefined) { return byName[query]; }
    var best;
    data.nodes.forEach(function (n) {
      if (n.name.toLowerCase().indexOf(query) >= 0 && (best === undefined || n.degree > best.degree)) { best = n; }
    });
    return best === undefined ? undefined : best.id;
  }
  var search = document.getElementById("search");
  var searchResult = document.getElementById("search-result");
  function runSearch() {
    var id = find(search.value);
    searchResult.textContent = search.value.trim() && id === undefined ? "No node matches." : "";
    if (id !== undefined) { focusNode(id); }
  }
  search.addEventListener("change", runSearch);
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") { runSearch(); } });

  /* a small handle for scripts and tests */
  window.kg = {
    renderer: data.renderer, data: data, drawing: drawing,
    network: drawing && drawing.network, nodes: drawing && drawing.nodes, edges: drawing && drawing.edges,
    find: find, focusNode: focusNode, showNode: showNode, showEdge: showEdge,
    selected: function () { return drawing ? drawing.selected() : []; },
    hiddenNodes: function () { return drawing ? drawing.hidden() : []; },
    hover: function (kind, id) { (kind === "node" ? handlers.hoverNode : handlers.hoverEdge)(id, { x: 5, y: 5 }); },
    visibleCounts: function () { return drawing ? drawing.visibleCounts() : { nodes: 0, edges: 0 }; }
  };
})();
