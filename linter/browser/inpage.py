"""The JavaScript brandlint runs in a page, assembled from ``linter/js``: what one evaluate
does in a frame (``PREPARE``), and the smaller steps evaluated alone.

``PREPARE`` is everything after navigation in one round trip: wait for load and quiet
(js/settle.js), scroll the window through when the page reacts to scrolling, collect
(js/collector.js), scroll each inner scroll container in steps collecting after each,
describe the elements the brand patterns point at, and return JSON text (Playwright's
value serialiser is slow for a large collection).
"""
from __future__ import annotations

from importlib import resources


def _js(name: str) -> str:
    return (resources.files("linter") / "js" / name).read_text(encoding="utf-8")


def _fn(source: str) -> str:
    return source.strip().rstrip(";")


COLLECTOR = _js("collector.js")
VISUAL = _js("visual.js")
DESCRIBE = _js("describe.js")
SETTLE = _js("settle.js")
SCROLL_FN = """async (maxSteps) => {
  const h = () => Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0);
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  if (h() <= innerHeight) return 0;
  let steps = 0;
  for (let y = 0; y < h() && steps < maxSteps; y += innerHeight, steps++) {
    scrollTo(0, y); await frame();
  }
  scrollTo(0, h()); await frame(); await frame();
  scrollTo(0, 0);
  return steps;
}"""
# The describe step usually needs a second round trip: Python's matcher picks the elements.
# On most pages the brand patterns, run as JavaScript, pick the same ones, so those are
# described in the first trip (``described``); Python describes only what it picked beyond
# them (a mention found after normalisation, a pattern JavaScript cannot compile). A hint,
# never a decision: matching stays in Python.
HINTED = """((raw) => {
  let re = null;
  try { re = cfg.hint ? new RegExp(cfg.hint, "gi") : null; } catch (e) { return null; }
  if (!re) return null;
  const keys = new Set();
  // The element key of a match at [start, end) of a run: extract._element_key's rule.
  const keyOf = (s, start, end) => {
    let a = s[1], b = s[1];
    for (let i = 0; i < s.length; i += 2) { if (s[i] <= start) a = s[i + 1]; if (s[i] <= Math.max(start, end - 1)) b = s[i + 1]; }
    return a === b ? String(a) : a + ":" + b;
  };
  for (const r of raw.runs) { re.lastIndex = 0; let m; while ((m = re.exec(r.t))) { keys.add(keyOf(r.s, m.index, m.index + m[0].length)); if (!m[0]) re.lastIndex++; } }
  const hit = (v) => { re.lastIndex = 0; return re.test(v); };
  for (const [el, , v] of raw.attrs) if (hit(v)) keys.add(String(el));
  for (const [el, , u] of raw.assets) if (hit(u)) keys.add(String(el));
  for (const [el] of raw.endpoints) keys.add(String(el));
  return keys.size ? (%DESCRIBE%)({ ...cfg, keys: [...keys] }) : {};
})""".replace("%DESCRIBE%", _fn(DESCRIBE))
# Inner scroll containers (found by the collector's walk): each is scrolled to its end in
# steps of 90% of its size, waiting two frames and then for its scheduled work after each
# (virtualised rows render on scroll), and collected after each step (rows leave the DOM
# as well as enter it), describing new mentions while their rows are still there. Bounded
# by a deadline, steps and rows per container; a container cut short is named in a note.
CONTAINERS = """async (raw, described, cfg, b) => {
  const els = (window.__brandlintScrollers || []).slice(0, b.maxContainers);
  const out = { containers: 0, cut: [] };
  if (!els.length) return out;
  const sig = (x) => Array.isArray(x) ? x.join("\\u0001") : x.t + "\\u0001" + x.s.join(",");
  const seen = new Set([...raw.runs, ...raw.attrs, ...raw.assets, ...raw.endpoints].map(sig));
  const fresh = (list) => list.filter((x) => { const k = sig(x); if (seen.has(k)) return false; seen.add(k); return true; });
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const after = async () => { await frame(); await frame(); if (window.__brandlintWait) await window.__brandlintWait(0, b.stepMs, true); };
  const gather = (el) => {
    const part = (%COLLECT%)({ ...cfg, root: el, append: true });
    const got = { runs: fresh(part.runs), attrs: fresh(part.attrs), assets: fresh(part.assets), endpoints: fresh(part.endpoints) };
    for (const k of ["runs", "attrs", "assets", "endpoints"]) raw[k].push(...got[k]);
    raw.notes.push(...part.notes);
    Object.assign(described, %HINTED%(got) || {});
    return got.runs.length;
  };
  const scrolls = /^(auto|scroll|overlay)$/;
  for (const el of els) {
    if (!el.isConnected) continue;
    const vertical = scrolls.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 2;
    const at = () => vertical ? el.scrollTop : el.scrollLeft;
    out.containers++;
    let steps = 0, rows = 0, why = null;
    for (;;) {
      const size = vertical ? el.clientHeight : el.clientWidth;
      if (at() >= (vertical ? el.scrollHeight : el.scrollWidth) - size - 1) break;
      if (performance.now() > b.deadline) { why = "out of time (--settle-timeout)"; break; }
      if (steps >= b.maxSteps) { why = `${b.maxSteps} steps`; break; }
      if (rows >= b.maxRows) { why = `${b.maxRows} rows`; break; }
      const pos = at();
      if (vertical) el.scrollTop = pos + Math.max(1, Math.floor(size * 0.9)); else el.scrollLeft = pos + Math.max(1, Math.floor(size * 0.9));
      if (at() <= pos) break;
      steps++;
      await after();
      rows += gather(el);
    }
    if (why) out.cut.push(`scroll container <${el.localName}${el.id ? "#" + el.id : ""}> cut short after ${steps} steps and ${rows} new rows: ${why}`);
  }
  if (b.more) out.cut.push(`only the first ${b.maxContainers} of ${(window.__brandlintScrollers || []).length} scroll containers scrolled`);
  return out;
}""".replace("%HINTED%", HINTED).replace("%COLLECT%", _fn(COLLECTOR))
# PREPARE in two parts: the page's own load (load event, quiet, scroll-through), and
# brandlint's work on the settled page (collect, describe, scroll the inner containers).
# A crawled page's main frame runs them as two evaluates (``PREPARE_SETTLE`` then
# ``PREPARE_COLLECT``), so the crawl knows when the page's own time ended; a child frame
# runs both in one (``PREPARE``).
_SETTLE = """
  const t0 = performance.now();
  const left = () => budgetMs - (performance.now() - t0);
  const timer = window.__brandlintTimer || ((f, ms) => setTimeout(f, ms));
  const notes = [];
  // Called as soon as the navigation commits: the document is still arriving.
  if (document.readyState === "loading") {
    await new Promise((r) => { document.addEventListener("DOMContentLoaded", () => r(), { once: true }); timer(r, Math.max(0, left())); });
    if (document.readyState === "loading") return JSON.stringify({ unparsed: true });
  }
  if (document.readyState !== "complete") {
    await new Promise((r) => { addEventListener("load", () => r(), { once: true }); timer(r, Math.max(0, Math.min(settleMs, left()))); });
    if (document.readyState !== "complete") notes.push(`no load event within ${settleMs / 1000} s (a frame or resource never finished): read without it`);
  }
  const noLoad = document.readyState !== "complete";
  // A page sent without Content-Length is measured once it arrived.
  const nav = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
  if (nav && nav.decodedBodySize > maxBytes) return JSON.stringify({ size: nav.decodedBodySize });
  const wait = (ms) => window.__brandlintWait ? window.__brandlintWait(quietMs, Math.max(0, ms), noLoad) : Promise.resolve(true);
  let settled = await wait(Math.min(settleMs, left()));
  const before = window.__brandlintLast ? window.__brandlintLast() : 0;
  const sensitive = !window.__brandlintScrollSensitive || window.__brandlintScrollSensitive();
  const steps = sensitive ? await (%SCROLL%)(maxSteps) : 0;
  if (steps && window.__brandlintLast && window.__brandlintLast() !== before) {
    settled = (await wait(Math.min(settleMs, left()))) && settled;
  }
"""
_COLLECT = """
  const raw = (%COLLECT%)(cfg);
  const described = %HINTED%(raw);
  const deadline = performance.now() + Math.max(0, Math.min(settleMs, left()));
  const scroll = raw.scrollers ? await (%CONTAINERS%)(raw, described || {}, cfg, { ...bounds, deadline, more: raw.scrollers > bounds.maxContainers }) : { containers: 0, cut: [] };
  notes.push(...raw.notes, ...scroll.cut);
  // The visual step's pictures and colours, found in the same trip (browser/visual.py).
  // A page that breaks it (a trapped getter) costs the visual step only: Python then
  // runs it alone, and its error is that step's note.
  let visual = null;
  try { visual = visualCfg ? (%VISUAL%)(visualCfg) : null; } catch (e) { visual = null; }
  const leaving = window.__brandlintLeaving ? window.__brandlintLeaving() : null;   // a navigation under way
  return JSON.stringify({ settled, steps, raw, described, notes, scroll: { containers: scroll.containers, cut: scroll.cut.length > 0 }, visual, leaving });
"""
_ARGS = "[quietMs, budgetMs, settleMs, maxSteps, maxBytes, cfg, bounds, visualCfg]"


def _body(js: str) -> str:
    return js.replace("%VISUAL%", _fn(VISUAL)).replace("%CONTAINERS%", CONTAINERS).replace("%HINTED%", HINTED).replace("%SCROLL%", SCROLL_FN).replace(
        "%COLLECT%", _fn(COLLECTOR))


PREPARE = _body(f"async ({_ARGS}) => {{{_SETTLE}{_COLLECT}}}")
# The settle part alone: what it found waits in the page for PREPARE_COLLECT, and the
# answer says how many elements the document holds (brandlint's work grows with them).
PREPARE_SETTLE = "async (args) => { let ok = false; try { const out = await (" + _body(f"""async ({_ARGS}) => {{{_SETTLE}
  window.__brandlintPrep = {{ settled, steps, notes, leftMs: Math.max(0, left()) }};
  return JSON.stringify({{ settled, steps, elements: document.getElementsByTagName("*").length }});
}}""") + """)(args); ok = !!window.__brandlintPrep; return out; }
  finally { if (window.__brandlintSettleDone && args.length > 8) window.__brandlintSettleDone(args[8], ok); } }"""
# The collect part: ``budgetMs`` is what the page had left when it settled, and bounds the
# inner containers' scrolling from the moment the collector finished (its walk is
# brandlint's time, not the page's).
PREPARE_COLLECT = _body(f"""async ({_ARGS}) => {{
  const prep = window.__brandlintPrep || {{ settled: true, steps: 0, notes: [], leftMs: 0 }};
  const {{ settled, steps, notes }} = prep;
  const left = () => budgetMs == null ? prep.leftMs : budgetMs;   // null: sent before the page settled
  delete window.__brandlintPrep;
{_COLLECT}}}""")
COLLECT_JSON = "(cfg) => JSON.stringify((" + _fn(COLLECTOR) + ")(cfg))"
DESCRIBE_JSON = "(a) => JSON.stringify((" + _fn(DESCRIBE) + ")(a))"
VISUAL_JSON = "(cfg) => JSON.stringify((" + _fn(VISUAL) + ")(cfg))"
# The element that embeds a frame, described in its own frame: zone, context, box.
EMBED = """(el, cfg) => {
  const els = window.__brandlintEls || (window.__brandlintEls = []);
  let i = els.indexOf(el);
  if (i < 0) { els.push(el); i = els.length - 1; }
  const d = (%DESCRIBE%)({ ...cfg, keys: [String(i)] })[String(i)];
  return d ? { ...d, src: el.src || "" } : null;
}""".replace("%DESCRIBE%", _fn(DESCRIBE))
# The collect step, installed with the settle probe in every document a crawl opens
# (``INIT_SCRIPT``, a context's init script): a page's collect evaluate then sends a
# one-line call instead of PREPARE_COLLECT's 56 KB of source, which Python, the driver,
# the browser process and the renderer each serialised or parsed again for every page.
# The call is sent right behind PREPARE_SETTLE, without waiting for its answer (one round
# trip less a page): it waits in the page until the settle step ends and collects only
# when that step found a page to read (else it answers SKIPPED). Where the init script
# did not run (a page brandlint did not open: the pytest plugin's), the call answers
# NOT_INSTALLED and the source is sent once the page settled, as before.
NOT_INSTALLED = "\u0000brandlint: not installed"
SKIPPED = "\u0000brandlint: nothing to collect"
INIT_SCRIPT = SETTLE + (
    "\n;(() => { try {\n"
    # A settle and its collect share a token (the args' ninth item): the collect waits for
    # the end of that settle, whichever of the two evaluates the page runs first.
    "  const waits = new Map();\n"
    "  const entry = (t) => { let e = waits.get(t); if (!e) { let r; const p = new Promise((res) => { r = res; }); "
    "e = { p, r }; waits.set(t, e); } return e; };\n"
    "  const fixed = (name, value) => Object.defineProperty(window, name, "
    "{ value, configurable: false, writable: false, enumerable: false });\n"
    "  fixed('__brandlintSettleDone', (t, ok) => entry(t).r(ok));\n"
    f"  const collect = {PREPARE_COLLECT};\n"
    "  fixed('__brandlintCollectPage', async (args) => { const ok = await entry(args[8]).p; waits.delete(args[8]); "
    f"return ok ? collect(args) : {SKIPPED!r}; }});\n"
    "} catch (e) { /* defined already in this realm */ } })();\n")
CALL_COLLECT = ("(args) => typeof window.__brandlintCollectPage === 'function' ? "
                f"window.__brandlintCollectPage(args) : {NOT_INSTALLED!r}")


def json_call(fn: str) -> str:
    """``fn`` called with its argument sent as JSON text (``json.dumps(arg)``): Playwright
    serialises an object argument key by key into its own value format and validates that
    on both ends of the driver's pipe, which cost more than the page's JSON.parse."""
    return f"(s) => ({fn})(JSON.parse(s))"


PREPARE_SETTLE_JSON = json_call(PREPARE_SETTLE)   # a crawled page's two trips (render.py)
CALL_COLLECT_JSON = json_call(CALL_COLLECT)
