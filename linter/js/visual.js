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
  // Only colours near a brand's are sent (cfg.brandLab: the brand colours in CIELAB and
  // the distance plus a margin; visual/colors.py decides on what comes back). The same
  // sRGB -> CIELAB and CIEDE2000 as colors.py.
  const lab = (rgb) => {
    const lin = (c) => { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    const [r, g, b] = rgb.map(lin);
    const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
    const z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
    const f = (t) => t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
    const fx = f(x), fy = f(y), fz = f(z);
    return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
  };
  const deg = (r) => r * 180 / Math.PI, rad = (d) => d * Math.PI / 180, mod = (a, n) => ((a % n) + n) % n;
  const de2000 = ([L1, a1, b1], [L2, a2, b2]) => {
    const c1 = Math.hypot(a1, b1), c2 = Math.hypot(a2, b2), cm = (c1 + c2) / 2;
    const g = 0.5 * (1 - Math.sqrt(cm ** 7 / (cm ** 7 + 25 ** 7)));
    const a1p = a1 * (1 + g), a2p = a2 * (1 + g);
    const c1p = Math.hypot(a1p, b1), c2p = Math.hypot(a2p, b2);
    const h1p = c1p ? mod(deg(Math.atan2(b1, a1p)), 360) : 0, h2p = c2p ? mod(deg(Math.atan2(b2, a2p)), 360) : 0;
    const dl = L2 - L1, dc = c2p - c1p;
    let dh = 0;
    if (c1p * c2p !== 0) dh = Math.abs(h2p - h1p) <= 180 ? h2p - h1p : (h2p > h1p ? h2p - h1p - 360 : h2p - h1p + 360);
    const dH = 2 * Math.sqrt(c1p * c2p) * Math.sin(rad(dh / 2));
    const lm = (L1 + L2) / 2, cmp = (c1p + c2p) / 2;
    let hm = h1p + h2p;
    if (c1p * c2p !== 0) hm = Math.abs(h1p - h2p) <= 180 ? (h1p + h2p) / 2 : (h1p + h2p < 360 ? (h1p + h2p + 360) / 2 : (h1p + h2p - 360) / 2);
    const t = 1 - 0.17 * Math.cos(rad(hm - 30)) + 0.24 * Math.cos(rad(2 * hm)) + 0.32 * Math.cos(rad(3 * hm + 6)) - 0.20 * Math.cos(rad(4 * hm - 63));
    const dTheta = 30 * Math.exp(-(((hm - 275) / 25) ** 2));
    const rc = 2 * Math.sqrt(cmp ** 7 / (cmp ** 7 + 25 ** 7));
    const sl = 1 + 0.015 * (lm - 50) ** 2 / Math.sqrt(20 + (lm - 50) ** 2), sc = 1 + 0.045 * cmp, sh = 1 + 0.015 * cmp * t;
    const rt = -Math.sin(rad(2 * dTheta)) * rc;
    return Math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh));
  };
  const near = new Map();   // colour string -> near a brand colour (a page paints in a dozen)
  const nearBrand = (c) => {
    if (!cfg.brandLab) return true;
    if (!c || transparentBg(c)) return false;
    if (near.has(c)) return near.get(c);
    const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(c);
    let yes = !m;   // a colour syntax this does not read: Python decides
    if (m) {
      const l = lab([m[1], m[2], m[3]].map((v) => Math.trunc(parseFloat(v))));
      yes = cfg.brandLab.labs.some((ref) => de2000(l, ref) <= cfg.brandLab.maxDelta);
    }
    near.set(c, yes);
    return yes;
  };
  if (cfg.colors && !(cfg.brandLab && !cfg.brandLab.labs.length)) {
    const PROMINENT = 'button, [role="button"], input[type="submit"], input[type="button"], a, header, [role="banner"], .banner, nav, h1';
    for (const el of document.querySelectorAll(PROMINENT)) {
      const cs = getComputedStyle(el);
      const tag = el.localName;
      const bg = cs.backgroundColor;
      // A link counts only when styled as a button: its own background and some padding.
      if (tag === "a" && (transparentBg(bg) || parseFloat(cs.paddingLeft) + parseFloat(cs.paddingTop) < 4)) continue;
      if (!nearBrand(bg) && !nearBrand(cs.color)) continue;
      if (ignored(el) || !shown(el)) continue;
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
