// brandlint's readiness probe, installed as an init script in every frame before any page
// script runs. It counts what can still change the page: fetch/XHR in flight, short
// timers not yet fired (a page that writes text 700 ms after load is still "busy"), and
// the time of the last DOM mutation. The crawler awaits window.__brandlintWait(quietMs, ms):
// a static page is settled at once, a busy one when it goes quiet, within a bounded wait.
(() => {
  if (window.__brandlintSettled) return;
  // A scan reads pages, it does not open windows: a popup would load another page (often
  // another origin) behind the crawler's back.
  try { window.open = function () { return null; }; } catch (e) { /* frozen by the page */ }
  const SHORT_TIMER_MS = 1500;
  let net = 0, timers = 0, lastChange = performance.now();
  const pending = new Set();
  const touch = () => { lastChange = performance.now(); };
  const origSetTimeout = window.setTimeout, origClearTimeout = window.clearTimeout;
  window.setTimeout = function (fn, delay, ...args) {
    const d = Number(delay) || 0;
    if (d > SHORT_TIMER_MS || typeof fn !== "function") return origSetTimeout.call(this, fn, delay, ...args);
    let id;
    const wrapped = function () { if (pending.delete(id)) timers--; touch(); return fn.apply(this, arguments); };
    id = origSetTimeout.call(this, wrapped, delay, ...args);
    pending.add(id); timers++;
    return id;
  };
  window.clearTimeout = function (id) { if (pending.delete(id)) timers--; return origClearTimeout.call(this, id); };
  // An interval's first tick is as pending as a timer's (a ticker that writes text after
  // 500 ms); later ticks are not, or a clock on the page would never let it settle.
  const origSetInterval = window.setInterval, origClearInterval = window.clearInterval;
  const firstTick = new Set();
  window.setInterval = function (fn, delay, ...args) {
    const d = Number(delay) || 0;
    if (d > SHORT_TIMER_MS || typeof fn !== "function") return origSetInterval.call(this, fn, delay, ...args);
    let id;
    const wrapped = function () { if (firstTick.delete(id)) timers--; touch(); return fn.apply(this, arguments); };
    id = origSetInterval.call(this, wrapped, delay, ...args);
    firstTick.add(id); timers++;
    return id;
  };
  window.clearInterval = function (id) { if (firstTick.delete(id)) timers--; return origClearInterval.call(this, id); };
  // Whether scrolling can change anything: only a page that observes intersections or
  // listens to scrolling reacts to it, so only such a page is scrolled through.
  let scrollSensitive = false;
  const IO = window.IntersectionObserver;
  if (IO) {
    window.IntersectionObserver = function (...a) { scrollSensitive = true; return new IO(...a); };
    window.IntersectionObserver.prototype = IO.prototype;
  }
  const addListener = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (type === "scroll" || type === "scrollend" || type === "wheel") scrollSensitive = true;
    return addListener.call(this, type, ...rest);
  };
  const origFetch = window.fetch;
  if (origFetch) window.fetch = function () {
    net++; touch();
    return origFetch.apply(this, arguments).finally(() => { net--; touch(); });
  };
  const XHR = window.XMLHttpRequest;
  if (XHR) {
    const send = XHR.prototype.send;
    XHR.prototype.send = function () {
      net++; touch();
      this.addEventListener("loadend", () => { net--; touch(); }, { once: true });
      return send.apply(this, arguments);
    };
  }
  const observe = () => {
    try { new MutationObserver(touch).observe(document, { subtree: true, childList: true, characterData: true, attributes: true }); }
    catch (e) { /* document not ready in this realm */ }
  };
  observe();
  // Animation-frame callbacks are pending work like short timers: a page that writes text
  // from requestAnimationFrame (or two chained ones, to wait for layout) is busy until
  // they ran. Only the first FRAME_CHAIN generations count: an animation loop re-arms
  // itself every frame forever, and a carousel must not hold the page.
  const FRAME_CHAIN = 3;
  let frames = 0, generation = 0;
  const framePending = new Set();
  const origRAF = window.requestAnimationFrame, origCAF = window.cancelAnimationFrame;
  if (origRAF) {
    window.requestAnimationFrame = function (fn) {
      const gen = generation + 1;
      if (typeof fn !== "function" || gen > FRAME_CHAIN) return origRAF.call(this, fn);
      let id;
      const wrapped = function (ts) {
        if (framePending.delete(id)) frames--;
        const outer = generation;
        generation = gen;
        try { return fn.call(this, ts); } finally { generation = outer; }
      };
      id = origRAF.call(this, wrapped);
      framePending.add(id); frames++;
      return id;
    };
    window.cancelAnimationFrame = function (id) { if (framePending.delete(id)) frames--; return origCAF.call(this, id); };
  }
  // A page untouched since its load event is settled as soon as the load handlers' own
  // follow-up work has run (their microtasks, one task later; their timers and frame
  // callbacks are counted above), without waiting out the quiet window or a frame:
  // parse-time mutations are history.
  let loadAt = Infinity, afterLoad = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { afterLoad = true; };
  addEventListener("load", () => { loadAt = performance.now(); channel.port2.postMessage(0); }, { once: true });
  const settled = (quietMs) => {
    if (document.readyState !== "complete" || net > 0 || timers > 0 || frames > 0) return false;
    const quiet = performance.now() - lastChange >= quietMs;
    return quiet || (lastChange < loadAt && afterLoad);
  };
  window.__brandlintSettled = settled;
  // Polls with the page's own, unwrapped setTimeout: a wrapped one would count itself.
  // Sleeps exactly until the quiet window would end, so a quiet page costs no polling slack.
  window.__brandlintWait = (quietMs, timeoutMs) => new Promise((resolve) => {
    const t0 = performance.now();
    const tick = () => {
      if (settled(quietMs)) return resolve(true);
      const now = performance.now();
      if (now - t0 >= timeoutMs) return resolve(false);
      const busy = net > 0 || timers > 0 || document.readyState !== "complete";
      const next = busy ? 10 : frames > 0 || lastChange < loadAt ? 1 : Math.max(1, quietMs - (now - lastChange));
      origSetTimeout.call(window, tick, Math.min(next, Math.max(1, timeoutMs - (now - t0))));
    };
    tick();
  });
  window.__brandlintScrollSensitive = () => scrollSensitive || !!(window.onscroll || document.onscroll ||
    (document.body && document.body.onscroll));
  window.__brandlintLast = () => lastChange;
  window.__brandlintTimer = (fn, ms) => origSetTimeout.call(window, fn, ms);
  window.__brandlintState = () => ({ net, timers, frames, quiet: performance.now() - lastChange, ready: document.readyState });
})();
