(function () {
  "use strict";
  // Filters and grouping only move and hide existing nodes: no markup is ever built from data.
  var findings = Array.prototype.slice.call(document.querySelectorAll(".finding"));
  var bodies = new Map();
  document.querySelectorAll(".group-body").forEach(function (b) { bodies.set(b.dataset.key, b); });
  var rule = document.getElementById("f-rule");
  var zone = document.getElementById("f-zone");
  var severity = document.getElementById("f-severity");
  var text = document.getElementById("f-text");
  var count = document.getElementById("count");
  var views = { page: document.getElementById("view-page"), rule: document.getElementById("view-rule") };

  function apply() {
    var q = text.value.trim().toLowerCase();
    var filtering = Boolean(rule.value || zone.value || severity.value || q);
    var shown = 0;
    findings.forEach(function (el) {
      var ok = (!rule.value || el.dataset.rule === rule.value) &&
        (!zone.value || el.dataset.zone === zone.value) &&
        (!severity.value || el.dataset.severity === severity.value) &&
        (!q || el.dataset.search.indexOf(q) !== -1);
      el.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll(".group").forEach(function (g) {
      var any = g.querySelector(".finding:not([hidden])");
      // Clean pages stay listed (they are part of the denominator) until a filter is set.
      g.hidden = filtering || g.classList.contains("rule-group") ? !any : false;
    });
    count.textContent = count.dataset.template
      .replace("{shown}", String(shown)).replace("{total}", String(findings.length));
  }

  function group(by) {
    findings.forEach(function (el) {
      var body = bodies.get(by === "rule" ? "rule:" + el.dataset.rule : el.dataset.page);
      if (body) { body.appendChild(el); }
    });
    views.page.hidden = by !== "page";
    views.rule.hidden = by !== "rule";
    apply();
  }

  [rule, zone, severity].forEach(function (s) { s.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  document.querySelectorAll("input[name=group]").forEach(function (r) {
    r.addEventListener("change", function () { if (r.checked) { group(r.value); } });
  });
  apply();
}());
