// Phase 2: describe the elements the matcher picked (indices into window.__brandlintEls).
(cfg) => {
  const els = window.__brandlintEls || [];
  const GENERATED = /^(css|sc|jsx|emotion|svelte|styled|chakra|mui|tw)-|[0-9a-f]{6,}|\d{3,}|^:r|^ember\d|^_/i;
  const LANDMARK_TAGS = new Set(["HEADER","NAV","MAIN","FOOTER","ASIDE","FORM","DIALOG","TABLE","SECTION","ARTICLE","UL","OL","H1","H2","H3","BUTTON","LABEL","svg"]);
  const parentOf = (el) => el.parentElement || (el.getRootNode && el.getRootNode().host) || null;
  const stableId = (el) => { const id = el.getAttribute && el.getAttribute("id"); return id && !GENERATED.test(id) ? id : null; };
  const closestComposed = (el, sel) => {
    for (let e = el; e; e = parentOf(e)) { try { if (e.matches && e.matches(sel)) return e; } catch (x) { return null; } }
    return null;
  };
  const cssEsc = (s) => (window.CSS && CSS.escape) ? CSS.escape(s) : s.replace(/[^\w-]/g, "\\$&");
  // Into a shadow root: ">>" (Playwright pierces open roots); ">>closed>>" says the element
  // is inside a closed root, which no selector engine enters.
  const crossing = (root) => root.mode === "closed" ? ">>closed>>" : ">>";
  // Each parent's children are counted once: a grid of 25,000 matched cards made every
  // selector walk all 25,000 siblings again.
  const nth = new Map();
  const nthOfType = (p, e) => {
    let m = nth.get(p);
    if (!m) {
      m = new Map(); const count = new Map();
      for (const c of p.children) { const k = count.get(c.localName) || 0; count.set(c.localName, k + 1); m.set(c, k + 1); }
      for (const c of p.children) m.set(c, [m.get(c), count.get(c.localName)]);
      nth.set(p, m);
    }
    return m.get(e) || [1, 1];
  };
  const selectorOf = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1; ) {
      const root = e.getRootNode();
      const id = e.getAttribute("id");
      if (id && root.querySelectorAll && root.querySelectorAll("#" + cssEsc(id)).length === 1) { parts.unshift("#" + cssEsc(id)); }
      else {
        const tag = e.localName;
        const p = e.parentElement;
        let part = tag;
        if (p) { const [n, of] = nthOfType(p, e); if (of > 1) part += `:nth-of-type(${n})`; }
        parts.unshift(part);
      }
      if (parts[0].startsWith("#")) {
        if (root === document) break;
        e = root.host; parts.unshift(crossing(root)); continue;
      }
      if (e.parentElement) { e = e.parentElement; parts.unshift(">"); continue; }
      if (root !== document && root.host) { e = root.host; parts.unshift(crossing(root)); continue; }
      break;
    }
    return parts.join(" ").replace(/^> /, "");
  };
  const landmarkOf = (el) => {
    const out = [];
    for (let e = el; e && e.nodeType === 1 && out.length < 5; e = parentOf(e)) {
      const tag = e.localName; const id = stableId(e);
      const role = e.getAttribute("role"); const testid = e.getAttribute("data-testid");
      if (id) { out.unshift(`${tag}#${id}`); break; }
      if (testid) out.unshift(`${tag}[data-testid=${testid}]`);
      else if (role) out.unshift(`${tag}[role=${role}]`);
      else if (e === el || LANDMARK_TAGS.has(e.tagName) || LANDMARK_TAGS.has(tag)) out.unshift(tag);
    }
    return out.join(">");
  };
  const zoneOf = (el) => { for (const [z, sels] of Object.entries(cfg.zones || {})) if (sels.length && closestComposed(el, sels.join(","))) return z; return null; };
  const contextOf = (el) => { for (const [c, sels] of Object.entries(cfg.contexts || {})) if (sels.length && closestComposed(el, sels.join(","))) return c; return null; };
  const visibleOf = (el) => {
    if (!el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    if (el.tagName === "META" || el.tagName === "LINK" || el.tagName === "TITLE") return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const common = (a, b) => {
    const up = new Set(); for (let e = a; e; e = parentOf(e)) up.add(e);
    for (let e = b; e; e = parentOf(e)) if (up.has(e)) return e;
    return a;
  };
  // Geometry (selector, box, markup) is capped at geometryMax elements a frame: beyond it
  // an element still gets what decides its finding (zone, context, visibility, landmark),
  // and the count of capped ones comes back under "~capped" for the page's notes.
  const full = cfg.geometryMax === undefined ? Infinity : cfg.geometryMax;
  let described = 0, capped = 0;
  const out = {};
  for (const key of cfg.keys) {
    const [a, b] = key.split(":").map(Number);
    const el = b === undefined || isNaN(b) ? els[a] : (els[a] && els[b] ? common(els[a], els[b]) : null);
    if (!el) continue;
    if (described >= full) {
      capped++;
      out[key] = { selector: "", landmark: landmarkOf(el), zone: zoneOf(el), context: contextOf(el), visible: visibleOf(el),
                   bbox: null, html: "", capped: true };
      continue;
    }
    described++;
    const r = el.getBoundingClientRect();
    out[key] = {
      selector: selectorOf(el), landmark: landmarkOf(el), zone: zoneOf(el), context: contextOf(el),
      visible: visibleOf(el),
      bbox: (r.width || r.height) ? [Math.round(r.left + scrollX), Math.round(r.top + scrollY), Math.round(r.width), Math.round(r.height)] : null,
      html: el.outerHTML ? el.outerHTML.slice(0, 500) : "",
    };
  }
  if (capped) out["~capped"] = capped;
  return out;
}
