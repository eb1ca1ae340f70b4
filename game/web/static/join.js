/* Red Flag join page: class code + nickname → POST /api/join, then on to /play.
   Selectors: #join-form, #code, #nickname, #join-submit, #code-error, #nickname-error,
   #lang-en / #lang-zh (switch without reload), [data-key] (texts that follow the language). */
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const ALL = JSON.parse($("rf-strings").textContent);
  let lang = $("lang").value === "zh" ? "zh" : "en";
  const t = (key) => (ALL[lang] && ALL[lang][key]) || (ALL.en && ALL.en[key]) || key;
  const form = $("join-form"), code = $("code"), nick = $("nickname"), submit = $("join-submit");

  function setLang(next) {
    lang = next;
    $("lang").value = lang;
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
    document.querySelectorAll("[data-key]").forEach((el) => { el.textContent = t(el.dataset.key); });
    document.title = "Red Flag · " + t("web.join.title");
    for (const b of document.querySelectorAll("button.lang")) b.setAttribute("aria-pressed", String(b.dataset.lang === lang));
    const url = new URL(location.href);
    url.searchParams.set("lang", lang);
    history.replaceState(null, "", url);
  }
  document.querySelectorAll("button.lang").forEach((b) => b.addEventListener("click", () => setLang(b.dataset.lang)));

  function showError(field, text) {
    for (const [el, input] of [[$("code-error"), code], [$("nickname-error"), nick]]) {
      const mine = el.id.startsWith(field);
      el.hidden = !mine;
      el.textContent = mine ? text : "";
      input.setAttribute("aria-invalid", String(mine));
    }
    (field === "code" ? code : nick).focus();
  }

  code.addEventListener("input", () => { code.value = code.value.toUpperCase().replace(/\s+/g, ""); });
  if (code.value && !nick.value) nick.focus();

  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    const body = { code: code.value.trim().toUpperCase(), nickname: nick.value.trim(), lang };
    if (!body.code) return showError("code", t("web.join.missing"));
    if (!body.nickname) return showError("nickname", t("web.join.missing"));
    busy = true;
    submit.disabled = true;
    submit.textContent = t("web.join.joining");
    try {
      const response = await fetch("/api/join", {
        method: "POST", credentials: "same-origin", body: JSON.stringify(body),
        headers: { "Content-Type": "application/json", "X-Requested-With": "redflag" },
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok && data.ok) {
        location.assign(data.next || "/play");
        return;
      }
      const key = String(data.error || "");
      showError(/nick/i.test(key) ? "nickname" : "code", data.message || t("web.play.error"));
    } catch (err) {
      showError("code", t("web.join.offline"));
    }
    busy = false;
    submit.disabled = false;
    submit.textContent = t("web.join.submit");
  });
})();
