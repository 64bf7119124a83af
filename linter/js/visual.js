// The visual step's in-page part: the boxes a user sees as pictures, and the colours of
// prominent elements. Elements are registered in window.__brandlintEls (as the collector
// does) so describe.js can give them selector, landmark, zone and context.
(cfg) => {
  const els = window.__brandlintEls || (window.__brandlintEls = []);
  // The collector's element index when it ran in this document (an array search per
  // element was quadratic on a big grid).
  const index = (window.__brandlintIndex && window.__brandlintEls === els) ? window.__brandlintIndex
    : (window.__brandlintIndex = new Map(els.map((e, i) => [e, i])));
  const keyOf = (el) => { let i = index.get(el); if (i === undefined) { i = els.length; els.push(el); index.set(el, i); } return String(i); };
  // The collector already read the style of every element a rule could give a background
  // and kept those that have one; <html> and <body> it does not walk.
  const bgKnown = Array.isArray(window.__brandlintBgEls) ? new Set(window.__brandlintBgEls) : null;
  const mayHaveBg = (el) => !bgKnown || bgKnown.has(el) || el === document.body || el === document.documentElement;
  const broken = [];
  const ignoreSel = (cfg.ignore || []).join(",");
  const ignored = (el) => { if (!ignoreSel) return false; try { return !!el.closest(ignoreSel); } catch (e) { return false; } };
  const minPx = cfg.minPx || 16;
  const maxImages = cfg.maxImages || 80;
  const images = [], colors = [], notes = [];
  const seen = new Set();
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left + scrollX, r.top + scrollY, r.width, r.height]; };
  const shown = (el) => {
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width >= minPx && r.height >= minPx;
  };
  const label = (el, src) => {
    const s = (src || "").startsWith("data:") ? src.slice(0, 30) + "…" : (src || "");
    return `<${el.localName}>` + (s ? " " + s.split("/").pop().slice(0, 80) : "");
  };
  const transparentBg = (c) => !c || c === "transparent" || /rgba\([^)]*,\s*0\)$/.test(c);
  const hash = (str) => { let h = 2166136261; for (let i = 0; i < str.length; i++) { h ^= str.charCodeAt(i); h = Math.imul(h, 16777619); } return (h >>> 0).toString(36) + ":" + str.length; };
  const composedParent = (e) => e.parentElement || (e.getRootNode && e.getRootNode().host) || null;
  // What decides the pixels an element shows, as one string: the same string again in
  // this scan means the same pixels, read once (the scan keeps the result). Null where
  // the pixels cannot be told from the DOM: a canvas, an embedded object, an element
  // holding much markup of its own.
  const signature = (el, kind, src, b) => {
    if (kind === "canvas" || kind === "object") return null;
    const cs = getComputedStyle(el);
    let own;
    if (kind === "img") own = `${src}|${el.naturalWidth}x${el.naturalHeight}|${cs.objectFit}|${cs.objectPosition}`;
    else if (kind === "svg") { const h = el.outerHTML; if (h.length > 50000) return null; own = h; }
    else if (kind === "background") {
      const inner = el.innerHTML;
      if (inner.length > 4000) return null;
      own = `${cs.backgroundImage}|${cs.backgroundPosition}|${cs.backgroundSize}|${cs.backgroundRepeat}|${cs.backgroundColor}|${cs.color}|${cs.font}|${inner}`;
    } else own = src || "";
    let chain = "";
    let under = false;
    for (let e = el; e && e.nodeType === 1; e = composedParent(e)) {
      const c = e === el ? cs : getComputedStyle(e);
      if (c.filter !== "none" || c.transform !== "none" || c.opacity !== "1" || c.mixBlendMode !== "normal")
        chain += `|${c.filter};${c.transform};${c.opacity};${c.mixBlendMode}`;
      if (e !== el && !under && (!transparentBg(c.backgroundColor) || c.backgroundImage !== "none")) {
        chain += `|under:${c.backgroundColor};${c.backgroundImage}`;
        under = true;
      }
    }
    return hash(`${kind}|${b[2].toFixed(1)}x${b[3].toFixed(1)}|${own}|${chain}`);
  };
  const add = (el, kind, src) => {
    if (seen.has(el) || ignored(el) || !shown(el)) return;
    seen.add(el);
    if (images.length >= maxImages) { notes.push("over"); return; }
    const b = box(el);
    images.push({ key: keyOf(el), kind, src: src || "", box: b, label: label(el, src), sig: cfg.signatures ? signature(el, kind, src, b) : null });
  };
  const cssUrl = (v) => { const m = /url\(\s*(['"]?)(.*?)\1\s*\)/.exec(v || ""); return m ? m[2] : null; };
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.localName;
      if (tag === "img") {
        if (el.complete && el.naturalWidth === 0 && (el.currentSrc || el.src)) {
          if (shown(el) && !ignored(el)) broken.push(label(el, el.currentSrc || el.src));
          continue;
        }
        add(el, "img", el.currentSrc || el.src);
      } else if (tag === "canvas") add(el, "canvas", "");
      else if (tag === "video" && el.poster) add(el, "poster", el.poster);
      else if (tag === "svg" && !(el.parentElement && el.parentElement.closest("svg"))) add(el, "svg", "");
      else if (tag === "image" && el.closest("svg")) add(el, "svg-image", el.getAttribute("href") || el.getAttribute("xlink:href"));
      else if (tag === "object" || tag === "embed") add(el, "object", el.data || el.src);
      else if (mayHaveBg(el)) {
        const bg = getComputedStyle(el).backgroundImage;
        if (bg && bg !== "none" && bg.includes("url(")) add(el, "background", cssUrl(bg));
      }
      let sr = null;
      try { sr = el.shadowRoot; } catch (e) { sr = null; }   // a page may trap the getter
      if (sr) walk(sr);
    }
  };
  walk(document);
  if (cfg.colors) {
    const PROMINENT = 'button, [role="button"], input[type="submit"], input[type="button"], a, header, [role="banner"], .banner, nav, h1';
    for (const el of document.querySelectorAll(PROMINENT)) {
      if (ignored(el) || !shown(el)) continue;
      const cs = getComputedStyle(el);
      const tag = el.localName;
      const bg = cs.backgroundColor;
      // A link counts only when styled as a button: its own background and some padding.
      if (tag === "a" && (transparentBg(bg) || parseFloat(cs.paddingLeft) + parseFloat(cs.paddingTop) < 4)) continue;
      const entry = { key: keyOf(el), tag, box: box(el), background: transparentBg(bg) ? null : bg, color: cs.color };
      colors.push(entry);
    }
  }
  const over = notes.filter((n) => n === "over").length;
  const out = notes.filter((n) => n !== "over");
  // One note for every undecodable image, not one each (a grid of 25,000 placeholders).
  if (broken.length === 1) out.push(`image could not be decoded: ${broken[0]}`);
  else if (broken.length) out.push(`${broken.length} images could not be decoded: ${broken.slice(0, 3).join(", ")}${broken.length > 3 ? ", …" : ""}`);
  if (over) out.push(`visual: read the first ${maxImages} images; ${over} more not read`);
  const doc = document.documentElement;
  return { images, colors, notes: out, page: [Math.max(doc.scrollWidth, innerWidth), Math.max(doc.scrollHeight, innerHeight)] };
}
