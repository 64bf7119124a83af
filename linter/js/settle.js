// brandlint's readiness probe, installed as an init script in every frame before any page
// script runs. It counts what can still change the page: fetch/XHR in flight (and their
// bodies being read), short timers not yet fired (a page that writes text 700 ms after
// load is still "busy"), the scheduler tasks frameworks run their renders and effects in
// (MessageChannel and self-postMessage messages, idle callbacks: React 18's scheduler), a
// short meta refresh, and the time of the last DOM mutation. The crawler awaits
// window.__brandlintWait(quietMs, ms): a static page is settled at once, a busy one when
// it goes quiet, within a bounded wait. The quiet window grows with the task latency
// measured on the page (a loaded machine runs a page's next task late), never below quietMs.
// It also keeps each closed shadow root it sees attached (window.__brandlintClosedRoot), so
// the collector can read what a closed component shows.
(() => {
  if (window.__brandlintSettled) return;
  // A scan reads pages, it does not open windows: a popup would load another page (often
  // another origin) behind the crawler's back.
  try { window.open = function () { return null; }; } catch (e) { /* frozen by the page */ }
  const closedRoots = new WeakMap();
  const origAttach = Element.prototype.attachShadow;
  if (origAttach) {
    Element.prototype.attachShadow = function (init) {
      const root = origAttach.call(this, init);
      if (init && init.mode === "closed") closedRoots.set(this, root);
      return root;
    };
  }
  window.__brandlintClosedRoot = (el) => closedRoots.get(el) || null;
  // Our own task hop, made before MessagePort is wrapped so it never counts itself.
  const channel = new MessageChannel();
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
  // A fetch resolves with the headers; its body is read later (res.json()), and the page
  // acts on it after that: reading it is network work too.
  if (window.Response) for (const m of ["json", "text", "arrayBuffer", "blob", "formData"]) {
    const orig = Response.prototype[m];
    if (orig) Response.prototype[m] = function () { net++; return orig.apply(this, arguments).finally(() => { net--; touch(); }); };
  }
  const XHR = window.XMLHttpRequest;
  if (XHR) {
    const send = XHR.prototype.send;
    XHR.prototype.send = function () {
      net++; touch();
      this.addEventListener("loadend", () => { net--; touch(); }, { once: true });
      return send.apply(this, arguments);
    };
  }
  // Mutations are watched from the end of parsing on: the parser's own insertions are
  // history by the time the page can settle (it must have loaded), and observing them cost
  // a mutation record a node (a 400,000-element page loaded in 4.2 s instead of 1.9 s).
  // DOMContentLoaded is marked a change, so the quiet window counts from there at least.
  // A wait also starts the observer if it is not on yet (document.open() erases our
  // listener): the quiet window then counts from that moment.
  let observing = false;
  const observe = () => {
    if (observing) return;
    observing = true;
    try { new MutationObserver(touch).observe(document, { subtree: true, childList: true, characterData: true, attributes: true }); }
    catch (e) { /* document not ready in this realm */ }
    touch();
  };
  if (document.readyState === "loading") addListener.call(document, "DOMContentLoaded", observe, { once: true, capture: true });
  else observe();
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
  // Scheduler tasks. React 18 renders and runs its effects in MessageChannel messages
  // (older schedulers post to the window itself) and idle work in requestIdleCallback: a
  // message posted to a port someone listens on is pending until it was handled, an idle
  // callback until it ran (its first FRAME_CHAIN generations, as for frames: an idle loop
  // re-arms itself forever). queueMicrotask work is counted too, though it has always run
  // before a poll does.
  let msgs = 0, micro = 0, idle = 0, idleGeneration = 0;
  const peers = new WeakMap(), hooked = new WeakSet(), owed = new WeakMap();
  const MC = window.MessageChannel, MP = window.MessagePort;
  const handled = function () {
    const n = owed.get(this) || 0;
    if (n > 0) { owed.set(this, n - 1); msgs--; }
  };
  // Our listener goes after the page's: the message is pending until the page handled it.
  const hook = (port) => { if (!hooked.has(port)) { hooked.add(port); addListener.call(port, "message", handled); } };
  if (MC && MP) {
    window.MessageChannel = function () {
      const c = new MC();
      peers.set(c.port1, c.port2); peers.set(c.port2, c.port1);
      return c;
    };
    window.MessageChannel.prototype = MC.prototype;
    const post = MP.prototype.postMessage;
    MP.prototype.postMessage = function () {
      const peer = peers.get(this);
      if (peer && hooked.has(peer)) { owed.set(peer, (owed.get(peer) || 0) + 1); msgs++; }
      return post.apply(this, arguments);
    };
    const onmessage = Object.getOwnPropertyDescriptor(MP.prototype, "onmessage");
    if (onmessage && onmessage.set) {
      Object.defineProperty(MP.prototype, "onmessage", { configurable: true, enumerable: onmessage.enumerable,
        get() { return onmessage.get.call(this); },
        set(fn) { onmessage.set.call(this, fn); if (typeof fn === "function") hook(this); } });
    }
    const start = MP.prototype.start;
    MP.prototype.start = function () { hook(this); return start.apply(this, arguments); };
  }
  let selfMsgs = 0;
  const winPost = window.postMessage;
  window.postMessage = function (message, target) {
    const to = typeof target === "string" ? target : target && target.targetOrigin;
    if (this === window && (!to || to === "*" || to === "/" || to === location.origin)) { selfMsgs++; msgs++; }
    return winPost.apply(this, arguments);
  };
  // Any message delivered settles one counted post: a same-origin frame's parent.postMessage
  // runs this wrapper too, and a post never delivered must not hold the page.
  addListener.call(window, "message", () => { if (selfMsgs > 0) { selfMsgs--; msgs--; } }, true);
  const origQM = window.queueMicrotask;
  if (origQM) window.queueMicrotask = function (fn) {
    if (typeof fn !== "function") return origQM.call(this, fn);
    micro++;
    return origQM.call(this, function () { try { return fn.apply(this, arguments); } finally { micro--; } });
  };
  const origRIC = window.requestIdleCallback, origCIC = window.cancelIdleCallback;
  const idlePending = new Set();
  if (origRIC) {
    window.requestIdleCallback = function (fn, opts) {
      const gen = idleGeneration + 1;
      if (typeof fn !== "function" || gen > FRAME_CHAIN) return origRIC.call(this, fn, opts);
      let id;
      const wrapped = function (deadline) {
        if (idlePending.delete(id)) idle--;
        const outer = idleGeneration;
        idleGeneration = gen;
        try { return fn.call(this, deadline); } finally { idleGeneration = outer; touch(); }
      };
      id = origRIC.call(this, wrapped, opts);
      idlePending.add(id); idle++;
      return id;
    };
    window.cancelIdleCallback = function (id) { if (idlePending.delete(id)) idle--; return origCIC.call(this, id); };
  }
  // A meta refresh due within a short timer's time is a navigation on its way.
  let refreshSoon = false;
  addListener.call(document, "DOMContentLoaded", () => {
    const m = document.querySelector('meta[http-equiv="refresh" i]');
    const delay = m ? parseFloat(m.getAttribute("content") || "") : NaN;
    if (delay >= 0 && delay * 1000 <= SHORT_TIMER_MS) refreshSoon = true;
  }, { once: true });
  // A navigation to another document has started (location.href = ..., a form, a meta
  // refresh): the page is leaving, reading it now would read what no one will see.
  let leaving = false, leavingTo = null;
  if (window.navigation && navigation.addEventListener) {
    addListener.call(navigation, "navigate", (e) => {
      if (!e.hashChange && !(e.destination && e.destination.sameDocument)) { leaving = true; leavingTo = e.destination ? e.destination.url : null; }
    });
    addListener.call(navigation, "navigateerror", () => { leaving = false; leavingTo = null; });
  }
  // Where the page is going, asked once it was read: the request guard no longer sees a
  // navigation within the seed origin (browser/guard.py), so the collect step says it.
  window.__brandlintLeaving = () => (leaving ? leavingTo : null);
  // The quiet window adapts to the task latency measured here (how late our own timer
  // and task hops run): on a loaded machine the page's next step starts late too.
  let lag = 0;
  const sample = (late) => { lag = lag ? 0.7 * lag + 0.3 * Math.max(0, late) : Math.max(0, late); };
  const MAX_QUIET_FACTOR = 8, LAG_FACTOR = 4;
  const quietFor = (quietMs) => Math.min(quietMs * MAX_QUIET_FACTOR, Math.max(quietMs, LAG_FACTOR * lag));
  const working = () => net > 0 || timers > 0 || frames > 0 || msgs > 0 || idle > 0 || micro > 0 || refreshSoon || leaving;
  // A page untouched since its load event is settled as soon as the load handlers' own
  // follow-up work has run (their microtasks, one task later; their timers, frame
  // callbacks and scheduler tasks are counted above), without waiting out the quiet
  // window or a frame: parse-time mutations are history.
  let loadAt = Infinity, afterLoad = false;
  channel.port1.onmessage = () => { afterLoad = true; sample(performance.now() - loadAt); };
  addEventListener("load", () => { loadAt = performance.now(); channel.port2.postMessage(0); }, { once: true });
  // noLoad: the load event is not awaited (a frame or image that never finishes holds it).
  const settled = (quietMs, noLoad) => {
    if ((document.readyState !== "complete" && !(noLoad && document.readyState === "interactive")) || working()) return false;
    const quiet = performance.now() - lastChange >= quietFor(quietMs);
    return quiet || (lastChange < loadAt && afterLoad);
  };
  window.__brandlintSettled = settled;
  // Polls with the page's own, unwrapped setTimeout: a wrapped one would count itself.
  // Sleeps exactly until the quiet window would end, so a quiet page costs no polling slack.
  window.__brandlintWait = (quietMs, timeoutMs, noLoad) => new Promise((resolve) => {
    if (document.readyState !== "loading") observe();
    const t0 = performance.now();
    const tick = () => {
      if (settled(quietMs, noLoad)) return resolve(true);
      const now = performance.now();
      if (now - t0 >= timeoutMs) return resolve(false);
      const busy = working() || document.readyState !== "complete";
      const next = busy ? 10 : lastChange < loadAt ? 1 : Math.max(1, quietFor(quietMs) - (now - lastChange));
      const ms = Math.min(next, Math.max(1, timeoutMs - (now - t0)));
      const due = now + ms;
      origSetTimeout.call(window, () => { sample(performance.now() - due); tick(); }, ms);
    };
    tick();
  });
  window.__brandlintScrollSensitive = () => scrollSensitive || !!(window.onscroll || document.onscroll ||
    (document.body && document.body.onscroll));
  window.__brandlintLast = () => lastChange;
  window.__brandlintTimer = (fn, ms) => origSetTimeout.call(window, fn, ms);
  window.__brandlintState = () => ({ net, timers, frames, msgs, idle, micro, refreshSoon, leaving, lag,
    quiet: performance.now() - lastChange, ready: document.readyState });
})();
