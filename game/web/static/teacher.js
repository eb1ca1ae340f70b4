/* Red Flag: the teacher's pages (teacher.html and discuss.html).
 *
 * Draws the live class from SNAPSHOTs (see the web API brief): the first one comes in
 * <script type="application/json" id="rf-snapshot">, the next ones from EventSource('/teacher/events')
 * (`snapshot` events); after repeated EventSource errors it polls /api/teacher/snapshot every 3 s,
 * and tries the stream again after a minute.
 * Texts: <script type="application/json" id="rf-strings"> {en:{key:text}, zh:{…}}, keys web.teacher.*
 * (and channel.* for a message's channel when present). Every text from the server goes in with
 * textContent (nicknames and scenario texts are untrusted); bar widths are set through the CSSOM
 * (CSP: no inline style attributes). POSTs send Content-Type: application/json and
 * X-Requested-With: redflag.
 *
 * Selectors (for tests):
 *   body[data-page="teacher"|"discuss"][data-status]
 *   #class-code, #join-url, #qr, #toggle-code[aria-expanded]   (body.code-hidden when folded)
 *   #status[data-status="open"|"paused"|"ended"]   #live[data-live="connecting"|"sse"|"poll"|"off"]
 *   #count-trainees, #count-playing, #count-finished  (each with data-value)
 *   #count-before, #count-after, #count-drill  trainees who took each check / practised (data-value)
 *   #roster tbody tr[data-trainee-id][data-state]  cells .nick, .scenario, .step, .done, .state
 *       (.step/.done carry data-value; .done also data-total) and button .remove[data-trainee-id]
 *   #roster-empty
 *   #flags tbody tr[data-flag-id]  cells .name, .spotted, .missed, .false-alarms (number as text and
 *       data-value), bars .seg-spotted, .seg-missed, .seg-false
 *   #flags-empty
 *   #show-discuss[aria-pressed], #class-view, #discuss-view, #back-to-class
 *   #discuss[data-message-id]  .discuss-from, .discuss-text, .discuss-scenario,
 *       .share[data-seen][data-caught][data-value], .discuss-flags li[data-flag] (.flag-name, .why, .safe),
 *       .discuss-more li[data-message-id], .discuss-empty
 *   #pause, #resume (only the one that applies is shown), #end-class
 *   #confirm (dialog) with #confirm-title, #confirm-text, #confirm-ok, #confirm-cancel
 *   #banner[data-kind="paused"|"ended"], #report-link, #error
 *   #lang-en, #lang-zh (links to ?lang=xx)
 */
(function () {
  "use strict";

  const POLL_MS = 3000;
  const SSE_ERRORS = 3;            // this many errors within SSE_WINDOW_MS: fall back to polling
  const SSE_RETRY_MS = 60000;      // while polling, try the event stream again this often
  const SSE_WINDOW_MS = 30000;
  const QUIET_S = 120;             // a playing trainee with no tap for this long is marked quiet
  const MORE_MESSAGES = 4;         // next most-missed messages listed under the discussed one

  const $ = (sel, root) => (root || document).querySelector(sel);
  const body = document.body;
  const page = body.dataset.page || "teacher";
  const lang = body.dataset.lang || "en";
  const LANG_Q = "?lang=" + encodeURIComponent(lang);   // the server picks a snapshot's language by ?lang=

  function readJSON(id) {
    const el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  const ALL = readJSON("rf-strings") || {};
  const STR = ALL[lang] || ALL.en || {};

  function has(key) { return Object.prototype.hasOwnProperty.call(STR, key); }
  function t(key, params) {
    let text = has(key) ? STR[key] : (ALL.en && ALL.en[key]) || key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, (m, name) =>
        Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m);
    }
    return text;
  }
  function setText(el, text) { if (el) el.textContent = text == null ? "" : String(text); }
  function make(tag, cls, text) {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = String(text);
    return el;
  }
  function num(value) { const n = Number(value); return Number.isFinite(n) ? n : 0; }

  let snap = readJSON("rf-snapshot") || {};
  let snapAt = Date.now();

  /* ---------- status, counts, banner ---------- */

  function renderStatus(status) {
    status = status || "open";
    body.dataset.status = status;
    const el = $("#status");
    if (el) { el.dataset.status = status; setText(el, t("web.teacher.status." + status)); }
    const pause = $("#pause"), resume = $("#resume"), end = $("#end-class");
    if (pause) pause.hidden = status !== "open";
    if (resume) resume.hidden = status !== "paused";
    if (end) end.disabled = status === "ended";
    const banner = $("#banner");
    if (banner) {
      banner.hidden = status === "open";
      banner.dataset.kind = status === "open" ? "" : status;
      setText($(".banner-text", banner),
        status === "paused" ? t("web.teacher.paused_banner") : status === "ended" ? t("web.teacher.ended_banner") : "");
      const link = $("#report-link");
      if (link) link.hidden = status !== "ended";
    }
  }

  function renderCounts(counts) {
    counts = counts || {};
    const set = (id, value, text) => {
      const el = document.getElementById(id);
      if (!el) return;
      el.dataset.value = String(num(value));
      setText(el, text);
    };
    set("count-trainees", counts.trainees, num(counts.trainees) + " / " + num(counts.max));
    set("count-playing", counts.playing, num(counts.playing));
    set("count-finished", counts.finished, num(counts.finished));
  }

  function renderForms(forms) {
    forms = forms || {};
    for (const form of ["before", "after", "drill"]) {
      const el = document.getElementById("count-" + form);
      if (!el) continue;
      el.dataset.value = String(num(forms[form]));
      setText(el, num(forms[form]));
      el.parentElement.hidden = form === "drill" ? !num(forms.drill) : !forms.on;
    }
  }

  /* ---------- roster ---------- */

  function rosterRow(trainee) {
    const tr = make("tr");
    tr.dataset.traineeId = trainee.id;
    tr.append(make("td", "nick"), make("td", "scenario"), make("td", "step"), make("td", "done"),
      make("td", "state"));
    const cell = make("td", "actions");
    const button = make("button", "btn remove", t("web.teacher.remove"));
    button.type = "button";
    button.dataset.traineeId = trainee.id;
    cell.append(button);
    tr.append(cell);
    return tr;
  }

  function fillRosterRow(tr, trainee, extraSeconds) {
    const state = trainee.state || "playing";
    tr.dataset.state = state;
    const nick = $(".nick", tr);
    setText(nick, trainee.nickname);
    nick.title = trainee.nickname || "";
    const finished = state === "finished";
    const scenario = $(".scenario", tr);
    setText(scenario, finished ? "—" : trainee.scenario);
    scenario.title = finished ? "" : trainee.scenario || "";
    const step = $(".step", tr);
    step.dataset.value = String(num(trainee.step));
    setText(step, finished ? "—" : num(trainee.step));
    const done = $(".done", tr);
    done.dataset.value = String(num(trainee.done));
    done.dataset.total = String(num(trainee.total));
    setText(done, num(trainee.done) + "/" + num(trainee.total));
    const stateCell = $(".state", tr);
    stateCell.replaceChildren(document.createTextNode(t("web.teacher.state." + state)));
    const quiet = num(trainee.seen) + extraSeconds;
    if (state === "playing" && quiet >= QUIET_S) {
      stateCell.append(make("span", "quiet", t("web.teacher.quiet", { minutes: Math.floor(quiet / 60) })));
    }
    const button = $(".remove", tr);
    button.dataset.nickname = trainee.nickname || "";
    button.setAttribute("aria-label", t("web.teacher.remove") + " " + (trainee.nickname || ""));
    button.disabled = snap.status === "ended";
  }

  function renderRoster(roster) {
    const tbody = $("#roster tbody");
    if (!tbody) return;
    roster = Array.isArray(roster) ? roster : [];
    const rows = new Map();
    for (const tr of tbody.querySelectorAll("tr[data-trainee-id]")) rows.set(tr.dataset.traineeId, tr);
    const extra = Math.max(0, (Date.now() - snapAt) / 1000);
    let previous = null;
    for (const trainee of roster) {
      const id = String(trainee.id);
      let tr = rows.get(id);
      if (tr) rows.delete(id); else tr = rosterRow(trainee);
      fillRosterRow(tr, trainee, extra);
      const want = previous ? previous.nextSibling : tbody.firstChild;
      if (want !== tr) tbody.insertBefore(tr, want);
      previous = tr;
    }
    for (const tr of rows.values()) tr.remove();
    const empty = $("#roster-empty");
    if (empty) empty.hidden = roster.length > 0;
  }

  /* ---------- red flags ---------- */

  function flagRow(flag) {
    const tr = make("tr");
    tr.dataset.flagId = flag.id;
    const name = make("th", "name");
    name.scope = "row";
    const barCell = make("td", "bar-cell");
    const bar = make("div", "bar");
    bar.setAttribute("aria-hidden", "true");
    bar.append(make("span", "seg-spotted"), make("span", "seg-missed"));
    const fa = make("div", "bar-fa");
    fa.setAttribute("aria-hidden", "true");
    fa.append(make("span", "seg-false"));
    barCell.append(bar, fa);
    tr.append(name, barCell, make("td", "spotted num"), make("td", "missed num"), make("td", "false-alarms num"));
    return tr;
  }

  function percent(part, whole) { return whole > 0 ? Math.min(100, (100 * part) / whole) : 0; }

  function renderFlags(flags) {
    const tbody = $("#flags tbody");
    if (!tbody) return;
    flags = Array.isArray(flags) ? flags : [];
    let scale = 0;
    for (const f of flags) scale = Math.max(scale, num(f.spotted) + num(f.missed), num(f.false_alarms));
    const rows = new Map();
    for (const tr of tbody.querySelectorAll("tr[data-flag-id]")) rows.set(tr.dataset.flagId, tr);
    let previous = null;
    for (const flag of flags) {
      const id = String(flag.id);
      let tr = rows.get(id);
      if (tr) rows.delete(id); else tr = flagRow(flag);
      setText($(".name", tr), flag.name);
      for (const [cls, field] of [["spotted", "spotted"], ["missed", "missed"], ["false-alarms", "false_alarms"]]) {
        const cell = $("." + cls, tr);
        cell.dataset.value = String(num(flag[field]));
        setText(cell, num(flag[field]));
      }
      $(".seg-spotted", tr).style.width = percent(num(flag.spotted), scale) + "%";
      $(".seg-missed", tr).style.width = percent(num(flag.missed), scale) + "%";
      $(".seg-false", tr).style.width = percent(num(flag.false_alarms), scale) + "%";
      const want = previous ? previous.nextSibling : tbody.firstChild;
      if (want !== tr) tbody.insertBefore(tr, want);
      previous = tr;
    }
    for (const tr of rows.values()) tr.remove();
    const empty = $("#flags-empty");
    if (empty) empty.hidden = flags.length > 0;
  }

  /* ---------- discuss ---------- */

  function shareText(caught, seen) { return t("web.teacher.discuss_share", { caught: num(caught), seen: num(seen) }); }

  function channelName(channel) {
    if (!channel) return "";
    return has("channel." + channel) ? t("channel." + channel) : String(channel);
  }

  function renderDiscuss(d, messages) {
    const root = $("#discuss");
    if (!root) return;
    const empty = $(".discuss-empty", root);
    if (!d) {
      root.dataset.messageId = "";
      if (empty) empty.hidden = false;
      return;
    }
    if (empty) empty.hidden = true;
    root.dataset.messageId = d.message_id || "";
    const from = $(".discuss-from", root);
    const sender = d.sender ? String(d.sender) : "";
    const channel = channelName(d.channel);
    setText(from, sender || channel ? t("web.teacher.discuss_from", { sender: sender, channel: channel }) : "");
    if (!sender && channel) setText(from, channel);
    const text = d.text ? String(d.text) : "";
    const quote = $(".discuss-text", root);
    setText(quote, text);
    quote.classList.toggle("long", text.length > 140 && text.length <= 300);
    quote.classList.toggle("very-long", text.length > 300);
    setText($(".discuss-scenario", root), d.scenario ? t("web.teacher.discuss_scenario", { scenario: d.scenario }) : "");
    const share = $(".share", root);
    share.dataset.seen = String(num(d.seen));
    share.dataset.caught = String(num(d.caught));
    share.dataset.value = String(num(d.share));
    setText(share, shareText(d.caught, d.seen));
    const fill = $(".share-fill", root);
    if (fill) fill.style.width = Math.max(0, Math.min(100, num(d.share) * 100)) + "%";
    const bar = $(".share-bar", root);
    if (bar) bar.hidden = num(d.seen) === 0;

    const list = $(".discuss-flags", root);
    const names = Array.isArray(d.flags) ? d.flags : [];
    const why = Array.isArray(d.why) ? d.why : [];
    const safe = Array.isArray(d.safe) ? d.safe : [];
    list.replaceChildren(...names.map((name, i) => {
      const li = make("li");
      li.dataset.flag = String(name);
      li.append(make("span", "flag-name", name));
      if (why[i]) {
        const p = make("p", "why");
        p.append(make("span", "label", t("web.teacher.why") + t("web.teacher.colon")), document.createTextNode(String(why[i])));
        li.append(p);
      }
      if (safe[i]) {
        const p = make("p", "safe");
        p.append(make("span", "label", t("web.teacher.safe") + t("web.teacher.colon")), document.createTextNode(String(safe[i])));
        li.append(p);
      }
      return li;
    }));
    const title = $(".discuss-flags-title", root);
    if (title) title.hidden = names.length === 0;

    const more = $(".discuss-more", root);
    const others = (Array.isArray(messages) ? messages : [])
      .filter((m) => m && m.message_id !== d.message_id)
      .slice(0, MORE_MESSAGES);
    more.replaceChildren(...others.map((m) => {
      const li = make("li");
      li.dataset.messageId = m.message_id || "";
      li.append(make("span", "more-text", m.text));
      const meta = [m.scenario, shareText(m.caught, m.seen)].filter(Boolean).join(" · ");
      li.append(make("span", "more-meta", meta));
      return li;
    }));
    const wrap = $(".discuss-more-wrap", root);
    if (wrap) wrap.hidden = others.length === 0;
  }

  /* ---------- the whole snapshot ---------- */

  function render() {
    renderStatus(snap.status);
    renderCounts(snap.counts);
    renderForms(snap.forms);
    renderRoster(snap.roster);
    renderFlags(snap.flags);
    renderDiscuss(snap.discuss || null, snap.messages);
  }

  function apply(next) {
    if (!next || typeof next !== "object") return;
    snap = next;
    snapAt = Date.now();
    render();
  }

  /* ---------- live updates: EventSource, polling as a fallback ---------- */

  const live = $("#live");
  function setLive(mode) {
    if (!live) return;
    live.dataset.live = mode;
    setText(live, mode === "connecting" ? "" : t("web.teacher.live." + mode));
  }

  let source = null;
  let errors = [];
  let pollTimer = null;

  async function poll() {
    try {
      const response = await fetch("/api/teacher/snapshot" + LANG_Q, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      });
      if (!response.ok) throw new Error(String(response.status));
      apply(await response.json());
      if (pollTimer !== null) setLive("poll");
    } catch (e) {
      if (pollTimer !== null) setLive("off");
    }
  }

  function startPolling() {
    if (pollTimer !== null) return;
    pollTimer = window.setInterval(poll, POLL_MS);
    setLive("poll");
    poll();
    // the stream may be back (a proxy restarted, Wi-Fi returned): try it again in a while
    if ("EventSource" in window) window.setTimeout(retryEvents, SSE_RETRY_MS);
  }

  function retryEvents() {
    if (pollTimer === null || source !== null) return;
    window.clearInterval(pollTimer);
    pollTimer = null;
    errors = [];
    startEvents();
  }

  function startEvents() {
    if (!("EventSource" in window)) { startPolling(); return; }
    source = new EventSource("/teacher/events" + LANG_Q);
    source.addEventListener("snapshot", (event) => {
      errors = [];
      setLive("sse");
      try { apply(JSON.parse(event.data)); } catch (e) { /* a broken event: wait for the next */ }
    });
    source.addEventListener("open", () => setLive("sse"));
    source.addEventListener("error", () => {
      const now = Date.now();
      errors = errors.filter((at) => now - at < SSE_WINDOW_MS);
      errors.push(now);
      setLive("off");
      if (errors.length >= SSE_ERRORS || source.readyState === EventSource.CLOSED) {
        source.close();
        source = null;
        startPolling();
      }
    });
  }

  /* ---------- actions ---------- */

  async function post(url, payload) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Requested-With": "redflag" },
      body: JSON.stringify(payload || {}),
      credentials: "same-origin",
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) throw new Error((data && (data.message || data.error)) || String(response.status));
    return data || {};
  }

  const errorBox = $("#error");
  let errorTimer = null;
  function showError(error) {
    if (!errorBox) return;
    setText(errorBox, t("web.teacher.error", { message: error && error.message ? error.message : String(error) }));
    errorBox.hidden = false;
    window.clearTimeout(errorTimer);
    errorTimer = window.setTimeout(() => { errorBox.hidden = true; }, 8000);
  }

  async function act(url, payload) {
    try {
      const data = await post(url, payload);
      if (data.status) { snap.status = data.status; renderStatus(data.status); }
      poll();
      return data;
    } catch (e) {
      showError(e);
      return null;
    }
  }

  /* the confirm dialog: resolves true when the teacher confirms */
  const dialog = $("#confirm");
  function confirmInPage(title, text, okLabel) {
    return new Promise((resolve) => {
      if (!dialog || typeof dialog.showModal !== "function") { resolve(window.confirm(title + "\n\n" + text)); return; }
      setText($("#confirm-title"), title);
      setText($("#confirm-text"), text);
      setText($("#confirm-ok"), okLabel);
      const finish = (answer) => {
        $("#confirm-ok").removeEventListener("click", yes);
        $("#confirm-cancel").removeEventListener("click", no);
        dialog.removeEventListener("cancel", no);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const yes = () => finish(true);
      const no = (event) => { if (event) event.preventDefault(); finish(false); };
      $("#confirm-ok").addEventListener("click", yes);
      $("#confirm-cancel").addEventListener("click", no);
      dialog.addEventListener("cancel", no);
      dialog.showModal();
      $("#confirm-cancel").focus();
    });
  }

  function wire() {
    const pause = $("#pause"), resume = $("#resume"), end = $("#end-class");
    if (pause) pause.addEventListener("click", () => act("/api/teacher/pause", {}));
    if (resume) resume.addEventListener("click", () => act("/api/teacher/resume", {}));
    if (end) {
      end.addEventListener("click", async () => {
        const ok = await confirmInPage(t("web.teacher.end_title"), t("web.teacher.end_text"), t("web.teacher.end"));
        if (!ok) return;
        const data = await act("/api/teacher/end", {});
        if (data) window.location.assign("/teacher/report" + LANG_Q);
      });
    }

    const roster = $("#roster");
    if (roster) {
      roster.addEventListener("click", async (event) => {
        const button = event.target.closest(".remove[data-trainee-id]");
        if (!button) return;
        const nickname = button.dataset.nickname || "";
        const ok = await confirmInPage(t("web.teacher.remove_title", { nickname: nickname }),
          t("web.teacher.remove_text"), t("web.teacher.remove"));
        if (ok) act("/api/teacher/remove", { trainee: button.dataset.traineeId });
      });
    }

    /* "Hide the code": remembered for this tab */
    const toggle = $("#toggle-code");
    if (toggle) {
      const fold = (hidden) => {
        body.classList.toggle("code-hidden", hidden);
        toggle.setAttribute("aria-expanded", hidden ? "false" : "true");
        setText(toggle, t(hidden ? "web.teacher.show_code" : "web.teacher.hide_code"));
        try { window.sessionStorage.setItem("rf-code-hidden", hidden ? "1" : ""); } catch (e) { /* private mode */ }
      };
      let stored = "";
      try { stored = window.sessionStorage.getItem("rf-code-hidden") || ""; } catch (e) { stored = ""; }
      fold(stored === "1");
      toggle.addEventListener("click", () => fold(!body.classList.contains("code-hidden")));
    }

    /* the "Discuss" mode of the teacher page */
    const show = $("#show-discuss"), classView = $("#class-view"), discussView = $("#discuss-view");
    if (page === "teacher" && show && classView && discussView) {
      const mode = (discuss) => {
        classView.hidden = discuss;
        discussView.hidden = !discuss;
        show.setAttribute("aria-pressed", discuss ? "true" : "false");
        body.dataset.mode = discuss ? "discuss" : "class";
        try { window.sessionStorage.setItem("rf-discuss", discuss ? "1" : ""); } catch (e) { /* private mode */ }
      };
      let stored = "";
      try { stored = window.sessionStorage.getItem("rf-discuss") || ""; } catch (e) { stored = ""; }
      mode(stored === "1");
      show.addEventListener("click", () => mode(discussView.hidden));
      const back = $("#back-to-class");
      if (back) back.addEventListener("click", () => mode(false));
    }

    /* keep "no tap for N min" current between snapshots */
    window.setInterval(() => renderRoster(snap.roster), 15000);
  }

  wire();
  render();
  setLive("connecting");
  startEvents();
})();
