(function () {
  if (window.__dsw) return window.__dsw;
  var seq = 0;
  function norm(s) {
    s = (s || "").replace(/\s+/g, " ").trim().toLowerCase();
    s = s.replace(/\s*(\+|…|\.\.\.)$/, "").replace(/^["'“]|["'”]$/g, "");
    return s.replace(/\s+/g, " ").trim();
  }
  function visible(el) {
    if (!el || !el.isConnected) return false;
    if (el.tagName === "OPTION") el = el.closest("select");
    for (var e = el.parentElement; e; e = e.parentElement) {
      if (e.tagName === "DETAILS" && !e.open) {
        var sum = e.querySelector(":scope > summary");
        if (!sum || !sum.contains(el)) return false;
      }
    }
    var st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.display === "none") return false;
    return el.getClientRects().length > 0;
  }
  function tag(el) {
    if (!el.dataset.dsId) el.dataset.dsId = "ds" + (++seq);
    return el.dataset.dsId;
  }
  function textOf(el) {
    var t = el.innerText !== undefined ? el.innerText : el.textContent;
    if (!t || !t.trim()) t = el.getAttribute("aria-label") || el.getAttribute("title") || el.value || "";
    return t;
  }
  function optionText(o) {
    return (o.textContent || "").replace(/\s*\([^)]*\)\s*$/, "");
  }
  function disabled(el) {
    return !!(el.disabled || el.getAttribute("aria-disabled") === "true" || (el.closest && el.closest("fieldset[disabled]")));
  }
  function describe(el, kind, extra) {
    var d = { id: tag(el), kind: kind, tag: el.tagName.toLowerCase(), text: textOf(el).replace(/\s+/g, " ").trim().slice(0, 80), disabled: disabled(el), inDialog: !!el.closest("[role=dialog]") };
    if (d.disabled) d.reason = el.getAttribute("title") || "";
    for (var k in extra || {}) d[k] = extra[k];
    return d;
  }
  function controlOf(label) {
    var id = label.getAttribute("for");
    if (id) return document.getElementById(id);
    return label.querySelector("input,select,textarea");
  }
  // candidates returns every visible element named label, each with its kind.
  function candidates(label) {
    var want = norm(label), out = [];
    document.querySelectorAll("label").forEach(function (l) {
      if (norm(textOf(l)) !== want || !visible(l)) return;
      var c = controlOf(l);
      if (!c) { out.push(describe(l, "text")); return; }
      var kind = c.tagName === "SELECT" ? "select" : c.type === "radio" ? "radio" : c.type === "checkbox" ? "checkbox" : "field";
      out.push(describe(c, kind, { checked: !!c.checked, value: c.value }));
    });
    document.querySelectorAll("select option").forEach(function (o) {
      var sel = o.closest("select");
      if (!o.value || norm(optionText(o)) !== want || !visible(sel)) return;
      out.push(describe(o, "option", { select: tag(sel), value: o.value, disabled: o.disabled || sel.disabled, reason: o.disabled ? o.title || "" : "" }));
    });
    document.querySelectorAll("a[href],button,summary,[role=button],[role=tab],[role=menuitem],input[type=submit]").forEach(function (b) {
      if (!visible(b)) return;
      var t = norm(textOf(b)), a = norm(b.getAttribute("aria-label"));
      if (t === want || a === want) out.push(describe(b, "click"));
    });
    document.querySelectorAll("h1,h2,h3,h4,h5,h6,legend,dt,th,[data-dialog-title],p,span,strong,dd,div,li").forEach(function (h) {
      if (h.children.length > 3 || !visible(h)) return;
      var t = norm(h.innerText);
      if (t === want || (h.matches("h1,h2,h3,h4,h5,h6,legend") && t.replace(/^\d+\.\s*/, "") === want)) out.push(describe(h, "text"));
    });
    return out;
  }
  function byId(id) { return document.querySelector('[data-ds-id="' + id + '"]'); }
  // within keeps the candidates inside the smallest ancestor of the scope element that holds any.
  function within(list, scopeId) {
    var scope = byId(scopeId);
    for (var a = scope && scope.parentElement; a; a = a.parentElement) {
      var inside = list.filter(function (c) { return a.contains(byId(c.id)); });
      if (inside.length) return inside;
    }
    return list;
  }
  function fire(el) {
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function act(id, action, value) {
    var el = byId(id);
    if (!el) return "gone";
    el.scrollIntoView({ block: "center" });
    switch (action) {
      case "click":
        el.focus && el.focus();
        el.click();
        return "clicked";
      case "check":
        if (!el.checked) el.click();
        return "checked";
      case "option":
        var sel = el.closest("select");
        sel.value = el.value;
        fire(sel);
        return "chose " + optionText(el).trim();
      case "first":
        if (el.value) return "kept " + optionText(el.options[el.selectedIndex]).trim();
        var mention = norm(value || "");
        var opts = Array.prototype.filter.call(el.options, function (o) { return o.value && !o.disabled; });
        var pick = opts.filter(function (o) { return mention && mention.indexOf(norm(optionText(o))) >= 0; })[0] || opts[0];
        if (!pick) return "empty";
        el.value = pick.value;
        fire(el);
        return "chose " + optionText(pick).trim();
      case "fill":
        if (el.value) return "kept " + el.value;
        el.focus();
        el.value = value;
        fire(el);
        return "typed " + value;
    }
    return "unknown action";
  }
  // mentioned lists the visible radios, checkboxes and options whose label the text mentions, in the text's order.
  function mentioned(text) {
    var t = norm(text), out = [];
    document.querySelectorAll("input[type=radio],input[type=checkbox]").forEach(function (c) {
      var l = c.id && document.querySelector('label[for="' + c.id + '"]');
      if (!l || !visible(c) && !visible(l)) return;
      var n = norm(textOf(l)), i = n ? t.indexOf(n) : -1;
      if (i >= 0) out.push(describe(c, c.type, { label: textOf(l).trim(), at: i, checked: c.checked, value: c.value }));
    });
    out.sort(function (a, b) { return a.at - b.at; });
    return out;
  }
  // groups lists the sections and fieldsets whose heading word the text mentions and that have nothing checked.
  function groups(text) {
    var t = " " + norm(text).replace(/[^a-z0-9 ]/g, " ") + " ", out = [];
    document.querySelectorAll("section,fieldset").forEach(function (g) {
      var h = g.querySelector("h2,h3,legend");
      if (!h || !visible(g)) return;
      var words = norm(h.innerText).replace(/^\d+\.\s*/, "").replace(/[^a-z0-9 ]/g, " ").split(" ").filter(Boolean);
      var hit = words.length > 0 && words.every(function (w) { var s = w.replace(/s$/, ""); return t.indexOf(" " + w + " ") >= 0 || t.indexOf(" " + s + " ") >= 0; });
      if (!hit) return;
      var inputs = Array.prototype.filter.call(g.querySelectorAll("input[type=radio],input[type=checkbox]"), function (c) { return visible(c) || visible(document.querySelector('label[for="' + c.id + '"]')); });
      if (!inputs.length) return;
      var checked = inputs.filter(function (c) { return c.checked; })[0];
      var first = checked || inputs.filter(function (c) { return !c.disabled; })[0];
      if (!first) return;
      var l = document.querySelector('label[for="' + first.id + '"]');
      out.push(describe(first, first.type, { label: l ? textOf(l).trim() : first.value, group: h.innerText.replace(/\s+/g, " ").trim(), checked: first.checked }));
    });
    return out;
  }
  // fieldIn returns the first field of the group a legend or heading names, preferring one the text mentions.
  function fieldIn(id, text) {
    var el = byId(id), t = norm(text);
    var g = el && el.closest("fieldset,section,[role=group]");
    if (!g) return null;
    var fields = Array.prototype.filter.call(g.querySelectorAll("select,input:not([type=hidden]):not([type=radio]):not([type=checkbox]),textarea"), function (f) { return visible(f) && !f.disabled; });
    var named = fields.map(function (f) {
      var l = f.id && document.querySelector('label[for="' + f.id + '"]');
      return { f: f, name: l ? textOf(l).trim() : "" };
    });
    var hit = named.filter(function (n) { var k = norm(n.name).replace(/ id$/, ""); return k && t.indexOf(k) >= 0; })[0] || named[0];
    if (!hit) return null;
    return describe(hit.f, hit.f.tagName === "SELECT" ? "select" : "field", { label: hit.name, value: hit.f.value });
  }
  // problems returns the error notifications and the invalid fields' messages the page shows.
  function problems() {
    var out = [];
    document.querySelectorAll('[data-notification="error"]').forEach(function (n) { if (visible(n)) out.push(n.innerText.replace(/\s+/g, " ").trim()); });
    document.querySelectorAll('[aria-invalid="true"]').forEach(function (f) {
      if (!visible(f)) return;
      var l = f.id && document.querySelector('label[for="' + f.id + '"]');
      var m = f.id && (document.getElementById(f.id + "-error") || document.getElementById(f.id + "-helper"));
      var name = l ? textOf(l).trim() : (f.querySelector("legend") || {}).innerText || f.getAttribute("name") || "field";
      out.push(name.trim() + ": " + (m ? m.innerText.trim() : "invalid"));
    });
    return out;
  }
  window.__dsw = { fieldIn: fieldIn, problems: problems, candidates: candidates, within: within, act: act, mentioned: mentioned, groups: groups, norm: norm };
  return window.__dsw;
})()
