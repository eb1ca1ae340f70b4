/* Red Flag · the trainee's phone page. Renders GET /api/state, sends POST /api/cmd {n, op, …}.
   Contract: docs in the web API brief. Everything the server sends is inserted as text, never HTML.

   Selectors (for tests):
   #lang-en, #lang-zh               language switch (aria-pressed)       #scenario-title, #clock, #position
   #tabs button.tab[data-thread-id] thread tabs (aria-current="true" on the shown one)
   #thread[data-thread-id][data-channel]  the shown thread; #thread-head its header
   .msg[data-message-id][data-sender=player|narrator|contact][data-look][data-flag]  one message
     button.bubble (flaggable: tap opens the picker) · .flag-marker (when flagged, with the name)
     .feedback[data-verdict] (immediate mode, after flagging) · .pay[data-amount][data-currency][data-payee]
   #waiting, #skip                  "Messages are arriving…" + Skip ahead   #timer[data-seconds-left]
   #choices button.choice[data-choice-id][data-cost] (disabled + .reason when unavailable; .gives)
   #confirm-transfer (sheet): #transfer-payee[data-payee], #transfer-amount[data-amount][data-currency][data-payee],
     #transfer-cancel, #transfer-confirm
   #flag-picker (sheet): #flag-options button[data-flag-id] ("" = just suspicious), #flag-remove, #flag-cancel
   #panel (details): #paid[data-amount], #balance, #given, #flags-count, #flags-list
   .debrief: .summary .line[data-kind][data-role], #what-mean (aria-expanded), #meaning, .help,
     .card[data-message-id][data-verdict] .line, #next-scenario | #all-done
   #drill[data-form][data-phase=intro|item|feedback|end][data-item]  a drill or the before/after check:
     #drill-start · .drill-phone (#thread look: .thread-head, .msg) · #drill-scam, #drill-genuine (aria-pressed)
     #drill-flags button[data-flag-id] ("" = just suspicious; optional) · #drill-sure button[data-confidence] (sends)
     .drill-feedback[data-verdict] .fb-line[data-kind] · #drill-next · .drill-end .line · #drill-close
     #after-form (debrief of the last scenario when the after check follows)
   #finished (all scenarios done) · #paused (overlay) · #class-ended · #removed · #banner (reconnecting) · #toast
   body[data-busy] while a command is in flight; body[data-mode=play|paused|ended|removed].
*/
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const ALL = JSON.parse($("rf-strings").textContent);
  const PAGE = JSON.parse($("rf-page").textContent);
  const reduced = matchMedia("(prefers-reduced-motion: reduce)");
  let lang = PAGE.lang === "zh" ? "zh" : "en";

  // -- words ---------------------------------------------------------------------------------
  function t(key, params) {
    let text = (ALL[lang] && ALL[lang][key]) ?? (ALL.en && ALL.en[key]) ?? key;
    if (params) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
    return text;
  }
  const join = (items) => items.join(t("web.list_separator"));
  const STATIC = {
    "panel-title": "web.play.panel", hint: "web.play.hint", "waiting-text": "play.waiting", skip: "play.skip_ahead",
    "choices-title": "play.what_now", "flag-picker-title": "flag.title", "flag-remove": "flag.remove",
    "flag-cancel": "flag.cancel", "transfer-title": "transfer.title", "transfer-note": "transfer.note",
    "transfer-cancel": "transfer.cancel", "transfer-confirm": "transfer.confirm", "paused-title": "web.play.paused",
    "paused-line": "web.play.paused_line", "class-ended-title": "web.play.class_ended",
    "class-ended-line": "web.play.class_ended_line", "removed-title": "web.play.removed",
    "removed-line": "web.play.removed_line", loading: "web.play.loading",
  };

  // -- DOM helpers ---------------------------------------------------------------------------
  function el(tag, cls, text, attrs) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null && text !== "") node.textContent = text;
    if (attrs) for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, String(v));
    return node;
  }
  /** Rebuild `box` only when `sig` changed (keeps focus and taps on unchanged buttons). */
  function patch(box, sig, build) {
    if (box._sig === sig) return false;
    box._sig = sig;
    box.replaceChildren(...build());
    return true;
  }
  const show = (node, on) => { node.hidden = !on; };
  const HUES = 8;
  const hue = (name) => "hue-" + ([...String(name)].reduce((a, c) => a + c.codePointAt(0), 0) % HUES);
  const initial = (name) => ([...String(name || "?").trim()][0] || "?").toUpperCase();
  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", { style: "currency", currency,
        maximumFractionDigits: Number(amount) % 1 ? 2 : 0 }).format(Number(amount));
    } catch (e) { return String(amount) + " " + currency; }
  }
  const mmss = (s) => { s = Math.max(0, Math.ceil(s)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); };

  // -- state -----------------------------------------------------------------------------------
  let S = null;                 // the last STATE
  let mode = "play";            // play | paused | ended | removed
  let busy = false, pending = null, offline = false, backoff = 0;
  let lastTick = 0, ticking = false, tickTimer = 0, countdown = 0, lastContact = 0;
  let activeThread = null, autoThread = null;
  const seen = new Set();       // message ids already shown once
  const unread = new Set();     // thread ids with messages not yet looked at
  const flagNames = {};         // flag id → name (from /api/options), per language
  const optionsCache = {};
  let disabledByBusy = [];
  let sheetOpener = null;

  // -- network ---------------------------------------------------------------------------------
  async function api(method, url, body) {
    const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body) {
      init.headers["Content-Type"] = "application/json";
      init.headers["X-Requested-With"] = "redflag";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(url, init);
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (response.status >= 500 || (response.status >= 200 && response.status < 300 && data === null)) {
      throw new Error("server " + response.status);
    }
    lastContact = performance.now();
    return { status: response.status, data };
  }

  function setBusy(on) {
    busy = on;
    if (on) {
      document.body.dataset.busy = "1";
      disabledByBusy = [...document.querySelectorAll("button.act:not([disabled])")];
      for (const b of disabledByBusy) b.disabled = true;
    } else {
      delete document.body.dataset.busy;
      for (const b of disabledByBusy) if (b.isConnected) b.disabled = false;
      disabledByBusy = [];
    }
  }

  /** One command; a user's tap while a tick is on its way waits for it (then goes with the new n). */
  async function send(cmd) {
    const user = cmd.op !== "tick";
    if (!S || mode !== "play" || offline) return;
    if (busy) { if (user) pending = cmd; return; }
    if (user) setBusy(true); else busy = true;
    let result;
    try {
      result = await api("POST", "/api/cmd", Object.assign({ n: S.n }, cmd));
    } catch (e) {
      if (user) setBusy(false); else busy = false;
      pending = null;
      return goOffline();
    }
    if (user) setBusy(false); else busy = false;
    handle(result);
    if (pending) { const next = pending; pending = null; send(next); }
  }

  function handle({ status, data }) {
    data = data || {};
    if (status === 200) return render(data);
    if (status === 409 && data.state) return render(data.state);
    if (status === 423) { if (data.state) render(data.state); return setMode("paused"); }
    if (status === 410) return setMode(data.error === "removed" ? "removed" : "ended", data.message);
    if (status === 401) { location.assign(PAGE.code ? "/join/" + encodeURIComponent(PAGE.code) : "/"); return; }
    toast(data.message || t("web.play.error"));
    refresh();
  }

  async function refresh() {
    try {
      const { status, data } = await api("GET", "/api/state");
      if (offline) { offline = false; backoff = 0; show($("banner"), false); }
      if (status === 200) render(data); else handle({ status, data });
    } catch (e) { goOffline(); }
  }

  function goOffline() {
    offline = true;
    stopTicking();
    const banner = $("banner");
    banner.textContent = t("web.play.reconnecting");
    show(banner, true);
    backoff = Math.min(15000, backoff ? backoff * 2 : 1000);
    setTimeout(() => { if (!document.hidden) refresh(); }, backoff);
  }

  // -- modes: paused, class ended, removed -------------------------------------------------------
  function setMode(next, message) {
    if (mode === "removed") return;
    const was = mode;
    mode = next;
    document.body.dataset.mode = next;
    show($("paused"), next === "paused");
    show($("class-ended"), next === "ended");
    show($("removed"), next === "removed");
    if (message && next === "removed") $("removed-line").textContent = message;
    const inert = next === "paused" || next === "removed";
    $("app").inert = inert;
    $("topbar").inert = inert;
    if (next !== "play") { closeSheets(); stopTicking(); }
    if (next === "play" && was === "paused") refresh();
    if (next === "ended" && was !== "ended") refresh();   // the last debrief, if any
  }

  async function poll() {
    if (document.hidden || busy || offline || mode === "removed") return;
    if (performance.now() - lastContact < 4500) return;
    try {
      const { data } = await api("GET", "/api/status");
      if (!data) return;
      if (data.removed) return setMode("removed");
      if (data.status === "paused") return setMode("paused");
      if (data.status === "ended") return setMode("ended");
      if (mode === "paused") return setMode("play");
      if (S && data.n !== S.n) refresh();
    } catch (e) { goOffline(); }
  }

  // -- time --------------------------------------------------------------------------------------
  function timerLeft() {
    const v = S && S.view;
    if (!v || !v.timer) return 0;
    return v.timer.seconds_left - (ticking ? (performance.now() - lastTick) / 1000 : 0);
  }
  function showTimer() {
    const v = S && S.view, box = $("timer");
    const on = Boolean(v && v.timer && !v.ended && !S.finished);
    show(box, on);
    if (!on) return;
    const left = Math.max(0, timerLeft());
    box.dataset.secondsLeft = String(Math.ceil(left));
    box.classList.toggle("low", left <= 10);
    box.replaceChildren(el("span", "timer-label", t("play.time_left")), el("strong", "timer-left", mmss(left)));
  }
  function stopTicking() {
    clearTimeout(tickTimer);
    clearInterval(countdown);
    tickTimer = countdown = 0;
    ticking = false;
  }
  function schedule() {
    clearTimeout(tickTimer);
    tickTimer = 0;
    const v = S && S.view;
    const need = mode === "play" && !offline && !document.hidden && S && !S.finished && v && !v.ended &&
      (v.waiting || v.timer);
    if (!need) { stopTicking(); return; }
    const now = performance.now();
    if (!ticking) { ticking = true; lastTick = now; }      // time starts now: nothing counted while idle or hidden
    const wait = S.next_in > 0 ? Math.min(5, Math.max(0.5, S.next_in)) : v.waiting ? 0.5 : 5;
    let due = lastTick + wait * 1000;
    if (v.timer) due = Math.min(due, lastTick + Math.max(0, v.timer.seconds_left) * 1000, lastTick + 5000);
    tickTimer = setTimeout(tick, Math.max(30, due - now));
    if (v.timer && !countdown) countdown = setInterval(showTimer, 1000);
    if (!v.timer && countdown) { clearInterval(countdown); countdown = 0; }
  }
  function tick() {
    tickTimer = 0;
    if (busy) { tickTimer = setTimeout(tick, 200); return; }
    const now = performance.now();
    const dt = Math.min(30, Math.max(0, (now - lastTick) / 1000));
    lastTick = now;
    send({ op: "tick", dt: Math.round(dt * 1000) / 1000 });
  }

  // -- render ------------------------------------------------------------------------------------
  function render(st) {
    S = st;
    document.body.dataset.n = String(st.n);       // the state shown (tests and the benchmark wait on it)
    if (st.lang && st.lang !== lang) applyLang(st.lang);
    if (st.status === "paused") setMode("paused");
    else if (st.status === "ended") setMode("ended");
    else if (mode === "paused") setMode("play");
    show($("loading"), false);
    const v = st.view;
    renderTop(st);
    renderPanel(st);
    show($("finished"), Boolean(st.finished));
    show($("drill"), Boolean(st.practice));
    show($("panel"), !st.practice);
    if (st.practice) {
      show($("play"), false);
      show($("debrief"), false);
      renderDrill(st);
    } else if (st.finished) {
      show($("play"), false);
      show($("debrief"), false);
      patch($("finished"), "fin" + lang, () => [
        el("p", "done-mark", "✓", { "aria-hidden": "true" }),
        el("h2", "", t("web.play.well_done")), el("p", "", t("web.play.finished_line"))]);
    } else if (v && v.ended) {
      show($("play"), false);
      renderDebrief(st);
    } else if (v) {
      show($("debrief"), false);
      show($("play"), true);
      renderPlay(st);
    }
    schedule();
    showTimer();
  }

  function renderTop(st) {
    const v = st.view;
    $("scenario-title").textContent = st.practice ? st.practice.title : v ? v.title : "Red Flag · 识破";
    $("clock").textContent = v && !st.finished && !st.practice ? t("play.day", { day: v.day, time: v.time_of_day }) : "";
    const position = st.finished ? st.total : st.position + 1;
    $("position").textContent = st.total ? t("web.play.position", { position, total: st.total }) : "";
    document.title = (v ? v.title + " · " : "") + "Red Flag";
    for (const b of document.querySelectorAll("button.lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
  }

  function renderPanel(st) {
    const v = st.view;
    const flagged = v ? v.messages.filter((m) => m.flaggable && m.flag !== null) : [];
    $("panel-brief").textContent = v ? v.paid_text + " · ⚑ " + flagged.length : "";
    const sig = JSON.stringify([lang, v && [v.paid, v.balance, v.given, v.received, v.payments], flagged.map((m) => [m.id, m.flag, flagNames[m.flag]])]);
    patch($("panel-body"), sig, () => {
      if (!v) return [];
      const out = [];
      const block = (label, value, cls, attrs) => {
        const box = el("div", "stat");
        box.append(el("p", "stat-label", label), value instanceof Node ? value : el("p", "stat-value " + (cls || ""), value, attrs));
        out.push(box);
      };
      block(t("play.money"), v.paid_text, Number(v.paid) > 0 ? "danger" : "good",
        { id: "paid", "data-amount": v.paid, "data-currency": v.currency });
      if (v.balance_text !== null && v.balance_text !== undefined) {
        block(t("play.balance"), v.balance_text, "", { id: "balance", "data-amount": v.balance, "data-currency": v.currency });
      }
      if (v.received && v.received.length) {
        const list = el("ul", "plain-list", null, { id: "received" });
        for (const r of v.received) list.append(el("li", "", t("play.received", { money: r.amount_text, payer: r.payer }), { "data-amount": r.amount, "data-currency": r.currency }));
        block(t("play.money_in"), list);
      }
      if (v.payments && v.payments.length) {
        const list = el("ul", "plain-list", null, { id: "payments" });
        for (const p of v.payments) {
          if (!p.payment) continue;
          list.append(el("li", "danger", t("play.sent", { money: p.payment.amount_text, payee: p.payment.payee, account: "" }),
            { "data-amount": p.payment.amount, "data-currency": p.payment.currency, "data-payee": p.payment.payee }));
        }
        out.push(list);
      }
      block(t("play.given_title"), v.given.length ? join(v.given) : "—", v.given.length ? "danger" : "", { id: "given" });
      const flags = el("div", "stat");
      flags.append(el("p", "stat-label", t("play.flags_title", { count: flagged.length }), { id: "flags-count", "data-count": flagged.length }));
      const list = el("ul", "flag-list", null, { id: "flags-list" });
      if (!flagged.length) list.append(el("li", "muted", t("play.flags_empty")));
      for (const m of flagged) {
        const li = el("li", "", null, { "data-message-id": m.id });
        li.append(el("span", "flag-name", "⚑ " + flagLabel(m.flag)), el("span", "flag-text", m.text));
        list.append(li);
      }
      flags.append(list);
      out.push(flags);
      return out;
    });
  }

  function flagLabel(flag) {
    if (flag === "") return t("flag.just_suspicious");
    return flagNames[flag] || t("play.flag_marker");
  }

  // threads ------------------------------------------------------------------------------------
  function tabLabels(threads) {
    const base = threads.map((th) => th.title || t("channel." + th.channel));
    const count = (list, x) => list.filter((y) => y === x).length;
    const labels = threads.map((th, i) => (count(base, base[i]) > 1 && th.title ? base[i] + " · " + t("phone.tab." + th.channel) : base[i]));
    const seenLabel = {};
    return labels.map((label) => {
      seenLabel[label] = (seenLabel[label] || 0) + 1;
      return count(labels, label) > 1 && seenLabel[label] > 1 ? label + " " + seenLabel[label] : label;
    });
  }
  function currentThread(v) {
    for (let i = v.messages.length - 1; i >= 0; i--) if (v.messages[i].step_id === v.step_id) return v.messages[i].thread;
    const th = v.threads.find((x) => x.channel === v.channel) || v.threads[v.threads.length - 1];
    return th ? th.id : null;
  }

  function renderPlay(st) {
    const v = st.view;
    const now = currentThread(v);
    if (now !== autoThread) { autoThread = now; activeThread = now; }
    if (!v.threads.some((th) => th.id === activeThread)) activeThread = now;
    const fresh = v.messages.filter((m) => !seen.has(m.id));
    for (const m of fresh) if (m.thread !== activeThread && seen.size) unread.add(m.thread);
    unread.delete(activeThread);
    renderTabs(v);
    const thread = v.threads.find((th) => th.id === activeThread);
    const box = $("thread");
    box.dataset.threadId = thread ? thread.id : "";
    box.dataset.channel = thread ? thread.channel : v.channel || "";
    box.dataset.group = thread && thread.group ? "1" : "";
    renderHead(thread, v);
    const firstNew = renderMessages(v, thread, st);
    const firstLoad = seen.size === 0;
    for (const m of v.messages) if (m.thread === activeThread || firstLoad) seen.add(m.id);
    // the hint, the waiting line, the timer, the choices
    const anyFlag = v.messages.some((m) => m.flaggable && m.flag !== null);
    show($("hint"), !anyFlag && st.position === 0 && v.messages.some((m) => m.flaggable));
    show($("waiting"), Boolean(v.waiting));
    const choicesChanged = renderChoices(v);
    if (firstNew) scrollTo(firstNew, firstLoad);
    else if (choicesChanged && v.choices.length) scrollTo($("choices"), false, "nearest");
  }

  function scrollTo(node, instant, block) {
    node.scrollIntoView({ block: block || "start", behavior: instant || reduced.matches ? "auto" : "smooth" });
  }

  function renderTabs(v) {
    const nav = $("tabs");
    show(nav, v.threads.length > 1);
    const labels = tabLabels(v.threads);
    const sig = JSON.stringify([lang, activeThread, labels, [...unread]]);
    patch(nav, sig, () => v.threads.map((th, i) => {
      const b = el("button", "tab" + (unread.has(th.id) ? " unread" : ""), null,
        { type: "button", "data-thread-id": th.id, "data-channel": th.channel, "aria-current": th.id === activeThread ? "true" : null });
      b.append(el("span", "tab-label", labels[i]));
      if (unread.has(th.id)) b.append(el("span", "dot", null, { "aria-hidden": "true" }));
      return b;
    }));
    const current = nav.querySelector('[aria-current="true"]');
    if (current && nav.scrollWidth > nav.clientWidth) current.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function renderHead(thread, v, into) {
    const channel = thread ? thread.channel : v.channel;
    const title = thread ? thread.title || t("channel." + channel) : t("channel." + channel);
    const detail = thread ? thread.detail : "";
    patch(into || $("thread-head"), JSON.stringify([lang, channel, title, detail, thread && thread.group]), () => {
      const out = [];
      if (channel === "web") {
        const bar = el("div", "address-bar");
        bar.append(el("span", "address", detail || title));
        out.push(bar);
        if (detail) out.push(el("p", "head-title page-title", title));
        return out;
      }
      if (channel === "search_ad") {
        const bar = el("div", "search-bar");
        bar.append(el("span", "search-icon", "⌕", { "aria-hidden": "true" }), el("span", "", t("phone.search")));
        out.push(bar, el("p", "head-title", title));
        return out;
      }
      if (channel === "chat" || channel === "sms" || channel === "call" || channel === "in_person") {
        out.push(el("span", "avatar big " + hue(title), initial(title), { "aria-hidden": "true" }));
      }
      const text = el("div", "head-text");
      text.append(el("p", "head-title", title));
      let sub = detail;
      if (thread && thread.group) sub = t("phone.group");
      if (channel === "call") sub = [detail, t("phone.incoming")].filter(Boolean).join(" · ");
      if (channel === "email") sub = [t("phone.inbox"), detail].filter(Boolean).join(" · ");
      if (!sub) sub = t("channel." + channel);
      text.append(el("p", "head-detail", sub));
      out.push(text);
      return out;
    });
  }

  function renderMessages(v, thread, st) {
    const list = $("messages");
    if (list._thread !== activeThread || list._lang !== lang) {
      list.replaceChildren();
      list._thread = activeThread;
      list._lang = lang;
      list._nodes = new Map();
    }
    const nodes = list._nodes;
    const mine = v.messages.filter((m) => m.thread === activeThread);
    const channel = thread ? thread.channel : v.channel;
    let firstNew = null;
    const keep = new Set();
    let prev = null;
    for (const m of mine) {
      keep.add(m.id);
      const fb = (st.feedback || {})[m.id] || null;
      const sig = JSON.stringify([m, fb, flagNames[m.flag] || "", channel]);
      let entry = nodes.get(m.id);
      if (!entry || entry.sig !== sig) {
        const node = messageNode(m, channel, fb, thread);
        if (entry) entry.node.replaceWith(node);
        entry = { node, sig };
        nodes.set(m.id, entry);
      }
      if (entry.node.previousElementSibling !== prev || !entry.node.isConnected) {
        if (prev) prev.after(entry.node); else list.prepend(entry.node);
      }
      prev = entry.node;
      if (!seen.has(m.id) && !firstNew && seen.size) firstNew = entry.node;
    }
    for (const [id, entry] of nodes) if (!keep.has(id)) { entry.node.remove(); nodes.delete(id); }
    if (!seen.size && prev) firstNew = prev;      // first load: show the newest
    return firstNew;
  }

  function messageNode(m, channel, fb, thread) {
    const kind = m.sender === "player" ? "player" : m.sender === "narrator" ? "narrator" : "contact";
    const li = el("li", "msg", null, {
      "data-message-id": m.id, "data-sender": kind, "data-look": m.look || "", "data-flag": m.flag === null ? null : m.flag,
      "data-flaggable": m.flaggable ? "1" : null, "data-channel": channel,
    });
    if (kind === "narrator") {
      li.append(el("p", "narr", m.text));
      return li;
    }
    const showName = kind === "contact" && m.sender_name &&
      ((channel === "chat" && thread && thread.group) || channel === "in_person" || channel === "email" || channel === "search_ad" || channel === "call");
    if (kind === "contact" && channel === "chat" && thread && thread.group) {
      li.append(el("span", "avatar " + hue(m.sender_name), initial(m.sender_name), { "aria-hidden": "true" }));
    }
    const col = el("div", "col");
    if (kind === "player" && (channel === "call" || channel === "in_person")) col.append(el("p", "name", t("phone.you")));
    else if (showName) col.append(el("p", "name", m.sender_name));
    const flaggable = m.flaggable && kind !== "player";
    const bubble = flaggable ? el("button", "bubble act", null, { type: "button", "aria-haspopup": "dialog" }) : el("div", "bubble");
    bubble.append(lookNode(m));
    if (m.payment) bubble.append(payNode(m.payment));
    if (m.balance !== null && m.balance !== undefined) {
      bubble.append(el("span", "msg-balance", t("phone.balance") + " " + money(m.balance, m.currency || S.view.currency), { "data-amount": m.balance }));
    }
    if (flaggable) bubble.addEventListener("click", () => openPicker(m, bubble));
    col.append(bubble);
    if (m.flag !== null && m.flag !== undefined) {
      col.append(el("p", "flag-marker", "⚑ " + t("play.flag_marker") + " · " + flagLabel(m.flag), { "data-flag": m.flag }));
    }
    if (fb && m.flag !== null) {
      const box = el("div", "feedback", null, { "data-verdict": fb.verdict, "data-named-right": fb.named_right ? "1" : "0" });
      box.append(el("p", "fb-head", fb.headline), el("p", "fb-line", fb.line));
      col.append(box);
    }
    li.append(col);
    return li;
  }

  function lookNode(m) {
    const look = m.look || "";
    if (look === "permission") {
      const box = el("span", "look-permission");
      const buttons = el("span", "fake-buttons", null, { "aria-hidden": "true" });
      buttons.append(el("span", "fake-btn", t("phone.deny")), el("span", "fake-btn primary", t("phone.allow")));
      box.append(el("span", "text", m.text), buttons);
      return box;
    }
    const cls = { button: "look-button", field: "look-field", link: "look-link", notice: "look-notice" }[look] || "";
    return el("span", "text " + cls, m.text);
  }

  function payNode(p) {
    const box = el("span", "pay", null, { "data-amount": p.amount, "data-currency": p.currency, "data-payee": p.payee });
    const row = (label, value, cls) => { const r = el("span", "pay-row"); r.append(el("span", "pay-label", label), el("span", "pay-value " + (cls || ""), value)); box.append(r); };
    box.append(el("span", "pay-title", t("phone.transfer_title")));
    row(t("phone.payee"), p.payee);
    if (p.bank) row(t("phone.bank_name"), p.bank);
    if (p.account) row(t("phone.account"), p.account);
    if (p.card_tail) row(t("transfer.card_tail"), "•••• " + p.card_tail);
    row(t("phone.amount"), p.amount_text, "amount");
    return box;
  }

  function renderChoices(v) {
    const box = $("choices");
    show(box, v.choices.length > 0);
    return patch($("choice-list"), JSON.stringify([lang, v.revision, v.choices]), () => v.choices.map((c) => {
      const b = el("button", "choice act" + (c.payment && Number(c.cost) > 0 ? " pays" : ""), null, {
        type: "button", "data-choice-id": c.id, "data-cost": c.cost, "aria-haspopup": c.payment && Number(c.cost) > 0 ? "dialog" : null,
      });
      b.append(el("span", "choice-num", String(c.number), { "aria-hidden": "true" }), el("span", "choice-text", c.text));
      if (c.payment && Number(c.cost) > 0) {
        b.append(el("span", "choice-pay", c.payment.amount_text + " → " + c.payment.payee,
          { "data-amount": c.payment.amount, "data-currency": c.payment.currency, "data-payee": c.payment.payee }));
      }
      if (c.gives && c.gives.length) b.append(el("span", "gives", t("web.play.gives", { items: join(c.gives) })));
      if (!c.available) {
        b.disabled = true;
        b.classList.remove("act");
        if (c.reason) b.append(el("span", "reason", c.reason));
      }
      b.addEventListener("click", () => {
        if (c.payment && Number(c.cost) > 0) openTransfer(c, b);
        else send({ op: "choose", choice: c.id });
      });
      return b;
    }));
  }

  // debrief --------------------------------------------------------------------------------------
  function lineNode(line, tag) {
    return el(tag || "p", "line role-" + (line.role || "text") + (line.bold ? " bold" : "") + (line.indent ? " indent" : ""), line.text,
      { "data-kind": line.kind, "data-role": line.role });
  }
  function renderDebrief(st) {
    const box = $("debrief"), r = st.result;
    show(box, true);
    const key = st.position + "|" + (r ? r.scenario : "");
    if (box._key !== key) { box._key = key; window.scrollTo(0, 0); }
    patch(box, JSON.stringify([lang, st.position, st.total, r]), () => {
      const out = [el("h2", "debrief-title", t("debrief.title"))];
      if (!r) return out;
      const summary = el("div", "summary");
      for (const line of r.summary || []) summary.append(lineNode(line));
      out.push(summary);
      if (r.meaning && r.meaning.length) {
        const toggle = el("button", "btn quiet what-mean", t("debrief.what_mean"), { type: "button", id: "what-mean", "aria-expanded": "false", "aria-controls": "meaning" });
        const meaning = el("div", "meaning", null, { id: "meaning" });
        meaning.hidden = true;
        for (const line of r.meaning) meaning.append(lineNode(line));
        toggle.addEventListener("click", () => {
          meaning.hidden = !meaning.hidden;
          toggle.setAttribute("aria-expanded", String(!meaning.hidden));
          toggle.textContent = t(meaning.hidden ? "debrief.what_mean" : "debrief.what_mean_hide");
        });
        out.push(toggle, meaning);
      }
      if (r.help && r.help.length) {
        const help = el("div", "help");
        for (const line of r.help) help.append(lineNode(line));
        out.push(help);
      }
      if (r.cards && r.cards.length) {
        out.push(el("h3", "timeline-title", t("debrief.timeline")));
        const cards = el("div", "cards");
        for (const card of r.cards) {
          const art = el("article", "card", null, { "data-message-id": card.message_id, "data-verdict": card.verdict });
          for (const line of card.lines) art.append(lineNode(line));
          cards.append(art);
        }
        out.push(cards);
      }
      const foot = el("div", "debrief-foot");
      if (st.position + 1 >= st.total && st.after_form) {
        const next = el("button", "btn primary big act", t("title.check_after"), { type: "button", id: "after-form" });
        next.addEventListener("click", () => send({ op: "next" }));
        foot.append(next);
      } else if (st.position + 1 < st.total) {
        const next = el("button", "btn primary big act", t("web.play.next_scenario"), { type: "button", id: "next-scenario" });
        next.addEventListener("click", () => send({ op: "next" }));
        foot.append(next);
      } else {
        foot.append(el("p", "all-done", t("web.play.well_done"), { id: "all-done" }));
      }
      out.push(foot);
      return out;
    });
  }

  // drills and the before/after check ---------------------------------------------------------------
  let pick = { key: null, said: null, named: null };      // what the trainee chose on this item so far

  function renderDrill(st) {
    const p = st.practice, box = $("drill");
    const item = p.item;
    // which item the choices belong to: the page is not told the item's key before the answer
    const here = item ? [p.form, p.position, item.message_id].join("|") : null;
    if (!item || pick.key !== here) pick = { key: here, said: null, named: null };
    box.dataset.form = p.form;
    box.dataset.phase = p.phase;
    box.dataset.item = item ? item.message_id : "";
    $("position").textContent = item ? t("drill.progress", { n: p.position, total: p.total }) : "";
    const sig = JSON.stringify([lang, p, pick.said, pick.named]);
    if (patch(box, sig, () => drillNodes(p)) && box._phase !== p.phase + p.position) {
      box._phase = p.phase + p.position;
      if (p.phase === "feedback") { const fb = box.querySelector(".drill-feedback"); if (fb) scrollTo(fb, false, "nearest"); }
      else window.scrollTo(0, 0);
    }
  }

  function drillButton(text, id, onClick, cls) {
    const b = el("button", "btn act " + (cls || ""), text, { type: "button", id });
    b.addEventListener("click", onClick);
    return b;
  }

  function drillPhone(item) {
    const v = item.view;
    const thread = v.threads[0] || null;
    const phone = el("section", "drill-phone thread", null, { "data-channel": thread ? thread.channel : v.channel });
    const head = el("header", "thread-head", null, { id: "drill-head" });
    phone.append(head);
    const list = el("ol", "messages");
    for (const m of v.messages) {
      // a drill has no session of its own (S.view is null): the item's view says the currency
      const node = messageNode(Object.assign({}, m, { flaggable: false, flag: null, currency: v.currency }),
        thread ? thread.channel : v.channel, null, thread);
      if (m.id !== item.message_id) {
        node.classList.add("drill-before");
        list.append(el("li", "drill-before-label", t("drill.before")));
      } else node.classList.add("drill-asked");
      list.append(node);
    }
    phone.append(list);
    renderHead(thread, v, head);
    return phone;
  }

  function drillNodes(p) {
    const out = [];
    if (p.phase === "intro") {
      const card = el("div", "drill-card");
      card.append(el("h2", "", p.title), el("p", "", p.intro));
      card.append(drillButton(t(p.total ? "web.drill.start" : "web.drill.continue"), p.total ? "drill-start" : "drill-close",
        () => send({ op: p.total ? "drill_start" : "drill_close" }), "primary big"));
      out.push(card);
      return out;
    }
    if (p.phase === "end") {
      const card = el("div", "drill-card drill-end");
      card.append(el("p", "done-mark", "✓", { "aria-hidden": "true" }), el("h2", "", p.title));
      for (const line of p.end.lines) card.append(el("p", "line", line.text, { "data-kind": line.kind }));
      card.append(drillButton(t("web.drill.continue"), "drill-close", () => send({ op: "drill_close" }), "primary big"));
      out.push(card);
      return out;
    }
    const item = p.item;
    if (!item) return out;
    out.push(drillPhone(item));
    const answered = p.answer;
    const said = answered ? answered.said : pick.said;
    const named = answered ? answered.named : pick.named;
    const ask = el("div", "drill-ask");
    ask.append(el("h2", "drill-q", t("drill.question")));
    const two = el("div", "drill-two");
    for (const which of ["scam", "genuine"]) {
      const b = el("button", "btn drill-said " + which + (answered ? "" : " act"), t("drill." + which),
        { type: "button", id: "drill-" + which, "aria-pressed": String(said === which) });
      if (answered) b.disabled = true;
      else b.addEventListener("click", () => { pick.said = which; if (which === "genuine") pick.named = null; renderDrill(S); });
      two.append(b);
    }
    ask.append(two);
    if (said === "scam") {
      ask.append(el("h3", "drill-q small", t("drill.which_flag")));
      const flags = el("div", "drill-flags", null, { id: "drill-flags" });
      for (const o of item.options) {
        const b = el("button", "btn option" + (o.id === "" ? " suspicious" : "") + (answered ? "" : " act"),
          (o.id === "" ? "? " : "⚑ ") + o.name, { type: "button", "data-flag-id": o.id, "aria-pressed": String(named === o.id) });
        if (answered) b.disabled = true;
        else b.addEventListener("click", () => { pick.named = pick.named === o.id ? null : o.id; renderDrill(S); });
        flags.append(b);
      }
      ask.append(flags);
    }
    if (said && !answered) {
      ask.append(el("h3", "drill-q small", t("drill.how_sure")));
      const sure = el("div", "drill-sure", null, { id: "drill-sure" });
      for (const level of [1, 2, 3]) {
        sure.append(drillButton(t("drill.confidence." + level), "drill-sure-" + level,
          () => send({ op: "drill_answer", said: pick.said, named: pick.said === "scam" ? pick.named : null, confidence: level }),
          "sure"));
        sure.lastChild.dataset.confidence = String(level);
      }
      ask.append(sure);
    }
    out.push(ask);
    if (answered) {
      const fb = el("div", "drill-feedback", null, { "data-verdict": answered.verdict, "data-correct": answered.correct ? "1" : "0" });
      for (const line of answered.lines) {
        const row = el("p", "fb-line " + line.kind, null, { "data-kind": line.kind });
        if (line.label) row.append(el("span", "fb-label", line.label));
        row.append(el("span", "fb-text", line.text));
        fb.append(row);
      }
      if (item.reason) fb.append(el("p", "drill-reason", item.reason));    // only now: "looks like a scam" gives it away
      out.push(fb);
      const last = p.position >= p.total;
      out.push(drillButton(t(last ? "drill.finish" : "drill.next"), "drill-next", () => send({ op: "drill_next" }), "primary big"));
    }
    return out;
  }

  // sheets: the flag picker and the transfer confirmation ------------------------------------------
  function openSheet(sheet, opener) {
    closeSheets();
    sheetOpener = opener || null;
    show(sheet, true);
    $("app").inert = true;
    $("topbar").inert = true;
    document.body.classList.add("sheet-open");
    const first = sheet.querySelector("button:not([hidden]):not([disabled])");
    if (first) first.focus();
  }
  function closeSheets() {
    let was = false;
    for (const id of ["flag-picker", "confirm-transfer"]) { if (!$(id).hidden) was = true; show($(id), false); }
    if (!was) return;
    document.body.classList.remove("sheet-open");
    if (mode === "play") { $("app").inert = false; $("topbar").inert = false; }
    if (sheetOpener && sheetOpener.isConnected) sheetOpener.focus();
    sheetOpener = null;
  }
  const openSheetEl = () => ["flag-picker", "confirm-transfer"].map($).find((s) => !s.hidden);

  async function openPicker(m, opener) {
    if (busy || mode !== "play" || !S || !S.view || S.view.ended) return;
    const sheet = $("flag-picker");
    sheet.dataset.messageId = m.id;
    $("flag-picker-quote").textContent = m.text;
    const box = $("flag-options");
    box.replaceChildren(el("p", "muted", t("web.play.loading")));
    show($("flag-remove"), m.flag !== null && m.flag !== undefined);
    openSheet(sheet, opener);
    const key = lang + "|" + m.id;
    let options = optionsCache[key];
    if (!options) {
      try {
        const { status, data } = await api("GET", "/api/options?message=" + encodeURIComponent(m.id));
        if (status !== 200 || !data || !Array.isArray(data.options)) { closeSheets(); return handle({ status, data }); }
        options = optionsCache[key] = data.options;
      } catch (e) { closeSheets(); return goOffline(); }
    }
    if (sheet.hidden || sheet.dataset.messageId !== m.id) return;
    for (const o of options) if (o.id) flagNames[o.id] = o.name;
    box.replaceChildren(...options.map((o) => {
      const b = el("button", "btn option act" + (o.id === "" ? " suspicious" : ""), null,
        { type: "button", "data-flag-id": o.id, "aria-pressed": String(m.flag === o.id) });
      b.append(el("span", "", (o.id === "" ? "? " : "⚑ ") + o.name));
      b.addEventListener("click", () => { closeSheets(); send({ op: "flag", message: m.id, flag: o.id }); });
      return b;
    }));
    const first = box.querySelector("button");
    if (first) first.focus();
  }

  function openTransfer(c, opener) {
    if (busy || mode !== "play") return;
    const p = c.payment, dl = $("transfer-fields");
    const sheet = $("confirm-transfer");
    sheet.dataset.choiceId = c.id;
    const row = (label, value, attrs, cls) => dl.append(el("dt", "", label), el("dd", cls || "", value, attrs));
    dl.replaceChildren();
    row(t("transfer.payee"), p.payee, { id: "transfer-payee", "data-payee": p.payee }, "payee");
    if (p.bank) row(t("transfer.bank"), p.bank, { id: "transfer-bank" });
    if (p.account) row(t("transfer.account"), p.account, { id: "transfer-account" });
    if (p.card_tail) row(t("transfer.card_tail"), "•••• " + p.card_tail, { id: "transfer-card-tail", "data-card-tail": p.card_tail });
    row(t("transfer.amount"), p.amount_text,
      { id: "transfer-amount", "data-amount": p.amount, "data-currency": p.currency, "data-payee": p.payee }, "amount");
    openSheet(sheet, opener);
  }

  // -- language ------------------------------------------------------------------------------------
  function applyLang(next) {
    lang = next === "zh" ? "zh" : "en";
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
    for (const [id, key] of Object.entries(STATIC)) { const node = $(id); if (node) node.textContent = t(key); }
    $("tabs").setAttribute("aria-label", t("web.play.threads"));
    for (const b of document.querySelectorAll("button.lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    for (const k of Object.keys(flagNames)) delete flagNames[k];
  }

  // -- events --------------------------------------------------------------------------------------
  for (const b of document.querySelectorAll("button.lang")) {
    b.classList.add("act");
    b.addEventListener("click", () => {
      if (b.dataset.lang === lang) return;
      if (!S || mode !== "play") { applyLang(b.dataset.lang); if (S) render(S); return; }
      send({ op: "lang", lang: b.dataset.lang });
    });
  }
  $("skip").addEventListener("click", () => send({ op: "skip" }));
  $("flag-cancel").addEventListener("click", closeSheets);
  $("flag-remove").addEventListener("click", () => {
    const id = $("flag-picker").dataset.messageId;
    closeSheets();
    send({ op: "unflag", message: id });
  });
  $("transfer-cancel").addEventListener("click", closeSheets);
  $("transfer-confirm").addEventListener("click", () => {
    const id = $("confirm-transfer").dataset.choiceId;
    closeSheets();
    send({ op: "choose", choice: id });
  });
  $("tabs").addEventListener("click", (event) => {
    const b = event.target.closest("button.tab");
    if (!b || b.dataset.threadId === activeThread) return;
    activeThread = b.dataset.threadId;
    if (S) { renderPlay(S); window.scrollTo({ top: 0 }); const last = $("messages").lastElementChild; if (last) scrollTo(last, true, "end"); }
  });
  document.addEventListener("keydown", (event) => {
    const sheet = openSheetEl();
    if (!sheet) return;
    if (event.key === "Escape") { event.preventDefault(); closeSheets(); return; }
    if (event.key === "Tab") {                       // keep focus inside the sheet
      const buttons = [...sheet.querySelectorAll("button:not([hidden]):not([disabled])")];
      if (!buttons.length) return;
      const i = buttons.indexOf(document.activeElement);
      const j = event.shiftKey ? (i <= 0 ? buttons.length - 1 : i - 1) : (i + 1) % buttons.length;
      event.preventDefault();
      buttons[j].focus();
    }
  });
  for (const id of ["flag-picker", "confirm-transfer"]) {
    $(id).addEventListener("click", (event) => { if (event.target === $(id)) closeSheets(); });   // tap outside the card
  }
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) { stopTicking(); return; }
    if (mode !== "removed") refresh();              // resume from the server's state; hidden time is not counted
  });
  let toastTimer = 0;
  function toast(text) {
    const box = $("toast");
    box.textContent = text;
    show(box, true);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => show(box, false), 4000);
  }
  if (matchMedia("(min-width: 900px)").matches) $("panel").open = true;

  document.body.dataset.mode = "play";
  setInterval(poll, 5000);
  refresh();
})();
