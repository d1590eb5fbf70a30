/* diplo-kg timeline page. Every string from the data reaches the page through
   textContent; nothing here writes HTML. The chart runs Vega's expression
   interpreter, so the page needs no eval (its CSP allows none). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("timeline-data").textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  document.title = data.title;
  document.getElementById("title").textContent = data.title;
  var summary = plural(data.total, "event") + " and agreement" + (data.total === 1 ? "" : "s");
  if (data.undated) { summary += " (" + data.undated + " undated, not in the chart)"; }
  document.getElementById("summary").textContent = summary;

  function entry(event, index) {
    var li = el("li");
    li.id = "event-" + index;
    li.appendChild(el("strong", event.name));
    var meta = [event.kind, event.date || (event.when ? "published " + event.when : "undated"), event.status]
      .filter(Boolean).join(" · ");
    li.appendChild(el("div", meta, "meta"));
    if (event.evidence) { li.appendChild(el("blockquote", event.evidence)); }
    if (event.url || event.headline) {
      var line = el("div", null, "source");
      line.appendChild(document.createTextNode("Source: "));
      var link = el("a", event.headline || event.url);
      if (/^https?:\/\//i.test(event.url || "")) { link.href = event.url; link.rel = "noopener noreferrer"; link.target = "_blank"; }
      line.appendChild(link);
      if (event.published) { line.appendChild(document.createTextNode(" (" + event.published + ")")); }
      li.appendChild(line);
    }
    return li;
  }
  var list = document.getElementById("events");
  data.events.forEach(function (event, index) { list.appendChild(entry(event, index)); });

  function monthOf(event) { return event.when ? event.when.slice(0, 7) : ""; }
  var selection = document.getElementById("selection");
  function show(month, cls, status) {
    selection.textContent = "";
    var chosen = [];
    data.events.forEach(function (event, index) {
      var hit = monthOf(event) === month && event.cls === cls && event.status === status;
      document.getElementById("event-" + index).className = hit ? "chosen" : "";
      if (hit) { chosen.push(entry(event, index)); }
    });
    var names = { PhoneCall: "Phone call" };
    selection.appendChild(el("h2", plural(chosen.length, (names[cls] || cls).toLowerCase()) + ", " + status + ", " + month));
    var ol = el("ol");
    chosen.forEach(function (li) { li.removeAttribute("id"); ol.appendChild(li); });
    selection.appendChild(ol);
    selection.setAttribute("data-count", String(chosen.length));
    return chosen.length;
  }

  var spec = JSON.parse(JSON.stringify(data.spec));
  spec.data = { values: data.counts };
  window.kgTimeline = { data: data, show: show, view: null, ready: false };
  function done() {
    window.kgSettledMs = Math.round(performance.now());
    document.documentElement.setAttribute("data-settled", "true");
  }
  if (!data.counts.length) {
    document.getElementById("chart").appendChild(el("p", "No dated events to chart.", "hint"));
    done();
    return;
  }
  vegaEmbed("#chart", spec, { actions: false, renderer: "svg", ast: true,
                              tooltip: true })
    .then(function (result) {
      window.kgTimeline.view = result.view;
      result.view.addEventListener("click", function (event, item) {
        if (item && item.datum && item.datum.type) {
          var d = item.datum;
          var month = d.yearmonth_month !== undefined ? d.yearmonth_month : d.month;
          var day = new Date(month);
          var text = day.getUTCFullYear() + "-" + String(day.getUTCMonth() + 1).padStart(2, "0");
          show(text, d.type, d.status);
        }
      });
      window.kgTimeline.ready = true;
      done();
    })
    .catch(function (error) {
      document.getElementById("chart").appendChild(el("p", "The chart could not be drawn: " + error, "hint"));
      done();
    });
})();
