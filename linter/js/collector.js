// brandlint's in-page collector. Evaluated once per frame as `(cfg) => ({...})`; again,
// with cfg.root (an element) and cfg.append, for each step of an inner scroll container:
// then it walks only that element and keeps the element indices of the first walk.
// Phase 1 (collect) walks the DOM once and returns every surface as plain strings with
// element indices; the matcher (Python) decides what is a mention. Phase 2 (describe)
// returns selector, landmark, box, visibility, zone and context only for the elements the
// matcher picked, so a large page pays for geometry only where it matters.
(cfg) => {
  const INLINE = new Set(["A","ABBR","ACRONYM","B","BDI","BDO","BIG","CITE","CODE","DATA","DEL","DFN","EM","FONT","I","INS","KBD","LABEL","MARK","NOBR","Q","RP","RT","RUBY","S","SAMP","SMALL","SPAN","STRIKE","STRONG","SUB","SUP","TIME","TT","U","VAR","WBR","TSPAN","TEXTPATH"]);
  const SKIP = new Set(["SCRIPT","STYLE","NOSCRIPT","TEMPLATE","HEAD","IFRAME","OBJECT","EMBED","CANVAS"]);
  const ATTRS = ["alt","title","aria-label","aria-description","aria-roledescription","placeholder"];
  const VALUE_TYPES = new Set(["button","submit","reset"]);
  // Meta tags whose content is text a share card or the browser shows; URL-valued ones
  // (og:url, twitter:url, og:video...) are not. The policy's context meta (a share card's
  // account handles) come along to be judged in their context.
  const TEXT_META = new Set(["og:title","og:description","og:site_name","og:image:alt","twitter:title","twitter:description","twitter:image:alt","application-name","apple-mobile-web-app-title","description"]);
  const contextMeta = new Set(cfg.contextMeta || []);
  const append = !!(cfg.append && window.__brandlintEls && window.__brandlintIndex);
  const els = append ? window.__brandlintEls : [];
  const index = append ? window.__brandlintIndex : new Map();
  const notes = [];
  // The element budget (cfg.maxElements, a frame's elements): past it the walk still reads
  // every text node and attribute, but no element's computed style (CSS backgrounds,
  // ::before/::after text, scroll containers), and the notes say how many went unstyled.
  const maxElements = cfg.maxElements === undefined || cfg.maxElements === null ? Infinity : cfg.maxElements;
  let visited = append ? (window.__brandlintVisited || 0) : 0, unstyled = 0;
  // Inner scroll containers, found on the first walk from the style it reads anyway.
  const scrollers = append ? [] : (window.__brandlintScrollers = []);
  // Elements found with a CSS background image, for the visual step: it then need not
  // read every element's style again to find the pictures a user sees.
  const bgFound = append && window.__brandlintBgEls ? window.__brandlintBgEls : (window.__brandlintBgEls = []);
  const SCROLLS = /^(auto|scroll|overlay)$/;
  const closedRootOf = window.__brandlintClosedRoot || (() => null);
  const shadowOf = (n) => {
    try { return n.shadowRoot || closedRootOf(n); }
    catch (e) { notes.push(`shadow root of <${n.localName}> could not be read: ${String(e && e.message || e).slice(0, 100)}`); return null; }
  };
  const idOf = (el) => { let i = index.get(el); if (i === undefined) { i = els.length; els.push(el); index.set(el, i); } return i; };
  const ignoreSel = (cfg.ignore || []).join(",");
  const safeMatches = (el, sel) => { if (!sel) return false; try { return el.matches(sel); } catch (e) { return false; } };
  // The elements of the document a selector list matches, found once by the browser's own
  // query rather than one matches() per element; an element in a shadow root (not in the
  // query's reach) is tested by itself. An invalid list matches nothing.
  const matching = (sel) => { if (!sel) return new Set(); try { return new Set(document.querySelectorAll(sel)); } catch (e) { return new Set(); } };
  let shadowDepth = 0;
  const inShadow = () => shadowDepth > 0;
  const ignored = matching(ignoreSel);

  // Which elements may carry ::before/::after content, and which a CSS background image:
  // read the rules when every sheet is readable (@import-ed and adopted ones included),
  // otherwise (cross-origin CSS) check every element. getComputedStyle on every element
  // was most of the collector's time on a large page.
  let pseudoAll = false, bgAll = false, scrollAll = false; const pseudoSels = [], bgSels = [], scrollSels = [];
  const NO_BG = new Set(["", "none", "initial"]);
  // A background on a pseudo-element is not the element's own: such a selector is dropped.
  const PSEUDO_ELEMENT = /::|:(before|after|first-line|first-letter)\b/i;
  const partsOf = (sel) => {   // top-level comma-separated parts (not the commas of :is(a, b))
    const out = []; let depth = 0, from = 0;
    for (let i = 0; i < sel.length; i++) {
      const c = sel[i];
      if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 0) { out.push(sel.slice(from, i).trim()); from = i + 1; }
    }
    out.push(sel.slice(from).trim());
    return out.filter(Boolean);
  };
  const readSheet = (sheet) => { try { readRules(sheet.cssRules); } catch (e) { pseudoAll = bgAll = scrollAll = true; } };
  const SCROLL_VALUE = /auto|scroll|overlay|inherit|unset|revert/;
  const readRules = (rules) => {
    for (const r of rules) {
      if (r.styleSheet) { readSheet(r.styleSheet); continue; }               // @import
      if (r.cssRules && !r.selectorText) { readRules(r.cssRules); continue; }  // @media, @supports, @keyframes
      if (r.cssRules && r.cssRules.length) { pseudoAll = bgAll = scrollAll = true; continue; }  // nested CSS: relative selectors
      const st = r.style;
      if (!st) continue;
      const bg = st.backgroundImage;
      const bgVar = !bg && /background/i.test(st.cssText) && /var\(/i.test(st.cssText);  // pending substitution
      if (!NO_BG.has(bg || "") || bgVar) {
        if (!r.selectorText) bgAll = true;                                     // a keyframe animates it
        else for (const part of partsOf(r.selectorText)) if (!PSEUDO_ELEMENT.test(part)) bgSels.push(part);
      }
      // Which elements may scroll (an inner scroll container): the same reading of the rules.
      if (SCROLL_VALUE.test(`${st.overflow} ${st.overflowX} ${st.overflowY}`) || (/overflow/i.test(st.cssText) && /var\(/i.test(st.cssText))) {
        if (!r.selectorText) scrollAll = true;
        else for (const part of partsOf(r.selectorText)) if (!PSEUDO_ELEMENT.test(part)) scrollSels.push(part);
      }
      if (!r.selectorText || !/:(before|after)/i.test(r.selectorText)) continue;
      const c = st.content;
      if (!c || c === "none" || c === "normal" || c === '""' || c === "''") continue;
      for (const part of r.selectorText.split(",")) {
        const base = part.replace(/::?(before|after)\b/gi, "").trim() || "*";
        pseudoSels.push(base);
      }
    }
  };
  if (append && window.__brandlintPseudo) [pseudoAll, pseudoSels[0], bgAll, bgSels[0]] = window.__brandlintPseudo;
  else {
    for (const sheet of document.styleSheets) readSheet(sheet);
    for (const sheet of document.adoptedStyleSheets || []) readSheet(sheet);
  }
  // An element with a selector we cannot test is checked: a selector Chromium parsed but
  // matches() rejects (a pseudo-element we did not strip) makes every element checked.
  const bgSel = bgSels.join(",");
  if (bgSel) { try { document.documentElement.matches(bgSel); } catch (e) { bgAll = true; } }
  const pseudoSel = pseudoSels.join(",");
  window.__brandlintPseudo = [pseudoAll, pseudoSel, bgAll, bgSel];
  const pseudoEls = pseudoAll ? null : matching(pseudoSel);
  const bgEls = bgAll ? null : matching(bgSel);
  const scrollSel = scrollSels.join(",");
  if (scrollSel) { try { document.documentElement.matches(scrollSel); } catch (e) { scrollAll = true; } }
  const scrollEls = scrollAll || append ? null : matching(scrollSel);
  const cssString = (c) => {
    if (!c || c === "none" || c === "normal") return "";
    const out = []; const re = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g; let m;
    while ((m = re.exec(c))) out.push((m[1] ?? m[2]).replace(/\\([0-9a-fA-F]{1,6})\s?/g, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/\\(.)/g, "$1"));
    return out.join("");
  };

  const runs = []; let cur = null;
  const flush = () => { if (cur && cur.t.trim()) runs.push(cur); cur = null; };
  const add = (text, el) => {
    if (!text) return;
    if (!cur) cur = { t: "", s: [] };
    cur.s.push(cur.t.length, idOf(el));
    cur.t += text;
  };
  const attrs = [], assets = [], endpoints = [], links = [];
  // Each address once, without a fragment the frontier would drop anyway (it keeps only
  // hash routes, "#/..."): a grid of 20,000 "#item" links is one link.
  const seenLinks = new Set();
  const link = (a) => {
    const h = a.indexOf("#");
    if (h >= 0 && a[h + 1] !== "/") a = a.slice(0, h);
    if (!seenLinks.has(a)) { seenLinks.add(a); links.push(a); }
  };
  const legacyHosts = cfg.legacyHosts || [];
  // Parsing a URL per link was half the collector's time on a page of many links: a URL
  // that names no legacy host anywhere in it is not parsed for its host.
  const legacyLow = legacyHosts.map((l) => l.toLowerCase());
  const hostIsLegacy = (u) => {
    const low = u.toLowerCase();
    if (!legacyLow.some((l) => low.includes(l))) return false;
    try { const h = new URL(u, document.baseURI).hostname.toLowerCase(); return legacyLow.some((l) => h === l || h.endsWith("." + l)); } catch (e) { return false; }
  };
  const abs = (u) => { try { return new URL(u, document.baseURI).href; } catch (e) { return null; } };
  // A link to a fragment of this document ("#p12", not a hash route "#/...") is the base
  // address once link() dropped the fragment, and names a legacy host only if the base
  // does: on any other base no URL is parsed for it (2,000 such links were 16% of the
  // collector's time on a 10,000-element grid).
  const baseNoFragment = String(document.baseURI || "").split("#")[0];
  const fragmentFast = !!baseNoFragment && !hostIsLegacy(baseNoFragment);
  // Otherwise an anchor's href property is its address resolved by the browser ("" or the
  // raw text, with protocol ":", when it does not parse); an SVG <a> has no such property.
  const hrefOf = (el, raw) => {
    if (fragmentFast && raw[0] === "#" && raw[1] !== "/") return baseNoFragment;
    return typeof el.href === "string" ? (el.protocol === ":" ? null : el.href) : abs(raw);
  };
  const asset = (el, attr, u) => { const t = u && u.trim(); const a = t && !/^data:/i.test(t) && abs(t); if (a && !a.startsWith("data:")) assets.push([idOf(el), attr, a]); };
  const cssUrls = (v) => { const out = []; const re = /url\(\s*(['"]?)(.*?)\1\s*\)/g; let m; while ((m = re.exec(v))) out.push(m[2]); return out; };

  const visitElement = (el, styled) => {
    const tag = el.tagName;
    const hasAttrs = el.hasAttributes();   // most of a grid's elements have none: six reads saved
    if (hasAttrs) for (const a of ATTRS) { const v = el.getAttribute(a); if (v && v.trim()) attrs.push([idOf(el), a, v]); }
    if ((tag === "INPUT" && VALUE_TYPES.has((el.type || "").toLowerCase())) || tag === "BUTTON") {
      const v = el.getAttribute("value"); if (v && v.trim()) attrs.push([idOf(el), "value", v]);
    }
    if (tag === "IMG" || (tag === "INPUT" && (el.type || "").toLowerCase() === "image")) {
      asset(el, "src", el.getAttribute("src"));
      const ss = el.getAttribute("srcset"); if (ss) for (const c of ss.split(",")) asset(el, "srcset", c.trim().split(/\s+/)[0]);
    } else if (tag === "SOURCE") {
      const ss = el.getAttribute("srcset"); if (ss) for (const c of ss.split(",")) asset(el, "srcset", c.trim().split(/\s+/)[0]);
      if (el.getAttribute("src")) asset(el, "src", el.getAttribute("src"));
    } else if (tag === "VIDEO") {
      asset(el, "poster", el.getAttribute("poster"));
    } else if (tag === "image" || tag === "IMAGE") {
      asset(el, "href", el.getAttribute("href") || el.getAttribute("xlink:href"));
    } else if (tag === "A" || tag === "AREA") {
      const raw = el.getAttribute("href");
      if (raw) { const a = hrefOf(el, raw); if (a) { link(a); if (hostIsLegacy(a)) endpoints.push([idOf(el), "href", a]); } }
    } else if (tag === "FORM") {
      const a = abs(el.getAttribute("action") || ""); if (a && el.hasAttribute("action") && hostIsLegacy(a)) endpoints.push([idOf(el), "action", a]);
    } else if (tag === "IFRAME" || tag === "FRAME") {
      const a = abs(el.getAttribute("src") || ""); if (a && el.hasAttribute("src") && hostIsLegacy(a)) endpoints.push([idOf(el), "src", a]);
    }
    const inlineStyle = hasAttrs ? el.getAttribute("style") : null;
    const needStyle = styled && (bgAll || (inlineStyle && /background|url\(|var\(/i.test(inlineStyle)) || bgEls.has(el)
      || (hasAttrs && el.hasAttribute("background")) || inShadow());
    let cs = needStyle ? getComputedStyle(el) : null;
    const bg = cs ? cs.backgroundImage : "";
    // A scroll container is one a rule or its style attribute lets scroll, and overflows its
    // box: reading every element's sizes was 70% of the collector's time on a grid.
    if (styled && !append && (scrollAll || scrollEls.has(el) || inShadow() || (inlineStyle && /overflow/i.test(inlineStyle)))
        && el !== document.scrollingElement && el !== document.body
        && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)) {
      cs = cs || getComputedStyle(el);
      if ((SCROLLS.test(cs.overflowY) && el.scrollHeight > el.clientHeight + 2) || (SCROLLS.test(cs.overflowX) && el.scrollWidth > el.clientWidth + 2)) scrollers.push(el);
    }
    if (bg && bg !== "none") { const us = cssUrls(bg); for (const u of us) asset(el, "background-image", u); if (us.length) bgFound.push(el); }
    else if (inlineStyle && /url\(/.test(inlineStyle)) { for (const u of cssUrls(inlineStyle)) asset(el, "background-image", u); bgFound.push(el); }
  };

  const pseudoOf = (el, which) => cssString(getComputedStyle(el, which).content);
  const mayHavePseudo = (el) => pseudoAll || pseudoEls.has(el) || inShadow();

  const walk = (node) => {
    const owner = node.nodeType === 1 ? node : node.host || document.documentElement;   // of its text nodes
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { add(n.data, owner); continue; }
      if (n.nodeType !== 1) continue;
      const tag = n.tagName.toUpperCase();
      if (SKIP.has(tag)) { if (tag === "IFRAME") visitElement(n, true); continue; }
      if (ignoreSel && (ignored.has(n) || (inShadow() && safeMatches(n, ignoreSel)))) continue;
      const styled = ++visited <= maxElements;
      if (!styled) unstyled++;
      visitElement(n, styled);
      if (tag === "BR") { add("\n", n); continue; }
      const block = !INLINE.has(tag);
      if (block) flush();
      const pseudo = styled && mayHavePseudo(n);
      if (pseudo) add(pseudoOf(n, "::before"), n);
      const sr = shadowOf(n);
      if (sr) { shadowDepth++; walk(sr); shadowDepth--; }
      walk(n);
      if (pseudo) add(pseudoOf(n, "::after"), n);
      if (block) flush();
    }
  };
  const overBudget = () => {
    window.__brandlintVisited = visited;
    if (unstyled && !append) notes.push(`element budget: ${unstyled} of ${visited} elements past max_elements (${maxElements}) read for text and attributes only (no CSS backgrounds, ::before/::after text or scroll containers)`);
  };
  if (append) {
    shadowDepth = cfg.root.getRootNode() !== document ? 1 : 0;
    walk(cfg.root); flush(); overBudget();
    return { runs, attrs, assets, endpoints, links, notes };
  }
  if (document.body) walk(document.body);
  else walk(document.documentElement);
  flush(); overBudget();

  const meta = [];
  if (document.title) meta.push(["title", document.title]);
  for (const m of document.querySelectorAll("meta[content]")) {
    const name = (m.getAttribute("property") || m.getAttribute("name") || "").trim();
    const low = name.toLowerCase();
    const content = m.getAttribute("content");
    if (!content) continue;
    if (low === "og:image" || low === "og:image:url" || low === "og:image:secure_url" || low === "twitter:image" || low === "twitter:image:src") { asset(m, name, content); continue; }
    if (TEXT_META.has(low) || contextMeta.has(low)) meta.push([name, content]);
  }
  for (const l of document.querySelectorAll("link[href]")) {
    const rel = (l.getAttribute("rel") || "").toLowerCase();
    if (/\b(icon|apple-touch-icon|apple-touch-icon-precomposed|mask-icon|image_src)\b/.test(rel)) asset(l, "link:" + rel, l.getAttribute("href"));
  }
  window.__brandlintEls = els;
  window.__brandlintIndex = index;
  return { runs, attrs, meta, assets, endpoints, links, notes, scrollers: scrollers.length, elements: els.length,
           title: document.title, url: location.href, lang: document.documentElement.lang || "" };
}
