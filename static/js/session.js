// The round page: saves that never lose text, a countdown that trusts the server's figure (not the client
// clock), run/submit for code, and the "submit the round" confirmation. The deadline itself is enforced on the
// server; this only keeps people informed. No inline handlers: everything is wired here (CSP).
//
// Saves: each answer form keeps the revision of the answer it was based on (input[name=base_revision]).
// The server refuses a save based on an older revision (409, with the newer text), so two tabs, or a late
// beacon, never overwrite newer text silently. Only one save per form is in flight at a time; pending text is
// flushed before "Submit the round", "Run" and "Submit code", and on leaving the page.
(function () {
  "use strict";
  const SAVE_DELAY_MS = 600;
  const KEEPALIVE_MAX_BYTES = 60000; // browsers cap keepalive bodies at 64 KiB in total
  const timer = document.getElementById("timer");
  const announce = document.getElementById("timer-announce");
  const submitForm = document.getElementById("submit-form");
  const savers = [];

  function parseFragment(html) {
    const template = document.createElement("template");
    template.innerHTML = html;
    return template.content;
  }

  function Saver(form) {
    const textarea = form.querySelector("textarea[name=text]");
    const revision = form.querySelector("input[name=base_revision]");
    const status = form.querySelector(".save-status");
    let lastSaved = textarea.value;
    let secondsSent = secondsValue();
    let timeout = null;
    let inflight = null;
    let inflightText = null;
    let conflict = false;

    function secondsValue() {
      const input = form.querySelector("input[data-section-seconds]");
      return input ? input.value : "";
    }
    function editor() {
      return window.MockloopEditor ? window.MockloopEditor.get(textarea) : null;
    }
    function text() {
      const e = editor();
      return e ? e.getValue() : textarea.value;
    }
    function setText(value) {
      const e = editor();
      if (e) e.setValue(value);
      textarea.value = value;
    }
    function dirty() {
      return text() !== lastSaved || secondsValue() !== secondsSent;
    }
    function body(value, base) {
      const data = new FormData(form);
      data.set("text", value);
      data.set("base_revision", String(base));
      data.delete("custom_input");
      data.delete("idempotency_key");
      return data;
    }

    function showStatus(html) {
      status.replaceChildren(parseFragment(html));
    }

    // A copy of unsaved text in this tab's sessionStorage, with the revision it was based on: a reload
    // (whose request leaves before any flush on leaving can land) or a crash restores it, and saving it
    // again lets the server decide: the same text is a no-op, a stale base shows the conflict.
    const draftKey = "mockloop:draft:" + form.action + ":" + (form.querySelector("input[name=section]") || {}).value;
    function storeDraft() {
      try {
        if (dirty()) sessionStorage.setItem(draftKey, JSON.stringify({ text: text(), base: revision.value }));
        else sessionStorage.removeItem(draftKey);
      } catch (e) { /* storage full or disabled: the saves still run */ }
    }
    function restoreDraft() {
      let draft = null;
      try { draft = JSON.parse(sessionStorage.getItem(draftKey) || "null"); } catch (e) { draft = null; }
      if (!draft || typeof draft.text !== "string") return;
      if (draft.text === textarea.value) {
        sessionStorage.removeItem(draftKey);
        return;
      }
      textarea.value = draft.text; // before the editor mounts (DOMContentLoaded), so it starts from it
      revision.value = String(draft.base);
      timeout = setTimeout(save, 0);
    }

    // Resolves true once the current text is saved, false if it could not be (conflict, time up, offline).
    function save(options) {
      options = options || {};
      clearTimeout(timeout);
      if (inflight) return inflight.then(function () { return save(options); });
      if (conflict) return Promise.resolve(false);
      if (!dirty()) return Promise.resolve(true);
      const value = text();
      const seconds = secondsValue();
      const data = body(value, revision.value);
      const keepalive = !!options.keepalive && value.length * 3 < KEEPALIVE_MAX_BYTES;
      inflightText = value;
      inflight = fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "HX-Request": "true" },
        keepalive: keepalive,
      })
        .then(function (response) {
          return response.text().then(function (html) {
            showStatus(html);
            const saved = status.querySelector("[data-revision]");
            if (response.ok && saved) {
              revision.value = saved.dataset.revision;
              lastSaved = value;
              secondsSent = seconds;
              storeDraft();
              return true;
            }
            if (status.querySelector("[data-conflict]")) {
              conflict = true;
              form.classList.add("has-conflict");
            }
            return false;
          });
        })
        .catch(function () {
          showStatus('<span class="save-error" role="alert">Not saved: the connection failed. Your text is ' +
            "kept on this page; trying again in a few seconds.</span>");
          timeout = setTimeout(save, 4000);
          return false;
        })
        .finally(function () {
          inflight = null;
          inflightText = null;
        });
      return inflight;
    }

    // Leaving the page: the page may be gone before a promise chain runs, so send at once. While a save
    // is in flight, this one is based on the revision that save will produce (the server adds one per
    // changed text), so it is not refused as stale.
    function flushNow() {
      clearTimeout(timeout);
      if (conflict || !dirty()) return;
      const value = text();
      if (inflight && value === inflightText) return;
      let base = parseInt(revision.value, 10) || 0;
      if (inflight && inflightText !== lastSaved) base += 1;
      const data = body(value, base);
      // The reloaded page restores this draft: on the same base, so it is not refused as stale when the
      // save in flight has landed and this one has not yet.
      try { sessionStorage.setItem(draftKey, JSON.stringify({ text: value, base: String(base) })); } catch (e) { /* ignore */ }
      if (value.length * 3 < KEEPALIVE_MAX_BYTES) {
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin", keepalive: true,
          headers: { "HX-Request": "true" } }).then(function (response) {
          // The page survived (a hidden tab): keep its state in step with the server.
          return response.text().then(function (html) {
            showStatus(html);
            const saved = status.querySelector("[data-revision]");
            if (response.ok && saved) {
              revision.value = saved.dataset.revision;
              lastSaved = value;
            } else if (status.querySelector("[data-conflict]")) {
              conflict = true;
            }
          });
        }).catch(function () {});
      } else {
        navigator.sendBeacon(form.action, data);
      }
    }

    function onConflictAction(event) {
      const button = event.target.closest("[data-conflict-action]");
      if (!button) return;
      const box = status.querySelector("[data-conflict]");
      if (!box) return;
      const newer = box.querySelector("[data-newer-text]").textContent;
      revision.value = box.dataset.revision;
      conflict = false;
      form.classList.remove("has-conflict");
      if (button.dataset.conflictAction === "take") {
        setText(newer);
        lastSaved = newer;
        storeDraft();
        status.replaceChildren();
        textarea.focus();
      } else {
        lastSaved = newer;
        save();
      }
    }

    textarea.addEventListener("input", function () {
      storeDraft();
      clearTimeout(timeout);
      timeout = setTimeout(save, SAVE_DELAY_MS);
    });
    restoreDraft();
    status.addEventListener("click", onConflictAction);
    // No-JS fallback is a plain post; with JS the Save button (if any) saves in place.
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.hasAttribute("data-run")) return;
      event.preventDefault();
      save();
    });

    return {
      form: form,
      textarea: textarea,
      save: save,
      flushNow: flushNow,
      dirty: dirty,
      hasConflict: function () { return conflict; },
    };
  }

  document.querySelectorAll("form[data-autosave]").forEach(function (form) {
    savers.push(Saver(form));
  });

  function saveAll() {
    return Promise.all(savers.map(function (s) { return s.save(); })).then(function (results) {
      return results.every(Boolean);
    });
  }
  function flushAllNow() {
    savers.forEach(function (s) { s.flushNow(); });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushAllNow();
  });
  window.addEventListener("pagehide", flushAllNow);
  // beforeunload comes before a reload's request leaves; pagehide only once the new page has arrived.
  window.addEventListener("beforeunload", flushAllNow);
  // Back/forward cache: a restored page may hold revisions the server has moved past.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });

  // Design sections: count the seconds each section has focus; shown beside its time budget and sent
  // with the section's autosave (the server keeps the largest figure, capped by the round's length).
  savers.forEach(function (saver) {
    const input = saver.form.querySelector("input[data-section-seconds]");
    if (!input) return;
    const used = saver.form.querySelector("[data-section-used]");
    let focused = false;
    saver.form.addEventListener("focusin", function () { focused = true; });
    saver.form.addEventListener("focusout", function () { focused = false; });
    setInterval(function () {
      if (!focused || document.visibilityState !== "visible") return;
      const seconds = (parseInt(input.value, 10) || 0) + 1;
      input.value = String(seconds);
      if (used) used.textContent = String(Math.floor(seconds / 60));
    }, 1000);
  });

  // ---- Run and submit code ------------------------------------------------------------------------
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function escapeText(text) {
    const p = document.createElement("p");
    p.textContent = text;
    return p.innerHTML;
  }

  function codingState(saver) {
    const form = saver.form;
    const section = form.closest("[data-question]");
    const slot = section && section.querySelector(".coding-panel-slot");
    const buttons = Array.from(form.querySelectorAll("button[data-run]"));
    let busy = false;
    let watchdog = null;

    function verdictBox() {
      return slot ? slot.querySelector(".verdict") : null;
    }
    function setBusy(value) {
      busy = value;
      buttons.forEach(function (b) {
        b.disabled = value;
        b.setAttribute("aria-busy", value && b.dataset.running ? "true" : "false");
        if (!value) delete b.dataset.running;
      });
      clearTimeout(watchdog);
      // A verdict normally arrives within seconds; never leave the buttons dead if polling stalls.
      if (value) watchdog = setTimeout(function () { finish("The verdict is taking long: the buttons work again; " +
        "your submissions list shows it when it arrives."); }, 120000);
    }
    function show(html) {
      const box = verdictBox();
      const fragment = parseFragment(html);
      const fresh = fragment.querySelector(".verdict") || fragment.firstElementChild;
      if (box && fresh) {
        box.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
        watch(fresh);
      } else if (slot && fresh) {
        slot.append(fresh);
      }
    }
    function message(text) {
      show('<div class="verdict" id="verdict-' + form.dataset.item + '"><p class="save-error" role="alert">' +
        escapeText(text) + "</p></div>");
    }
    function finish(text) {
      if (text) message(text);
      setBusy(false);
      refreshHistory();
    }
    function refreshHistory() {
      const history = slot && slot.querySelector("[data-history]");
      if (history && window.htmx) {
        window.htmx.ajax("GET", history.dataset.history, { target: history, swap: "outerHTML" });
      }
    }
    // The verdict box polls itself (htmx) while pending; the buttons come back once it is final.
    function watch(box) {
      if (!box.hasAttribute("data-pending")) finish();
    }
    if (slot) {
      slot.addEventListener("htmx:afterSettle", function () {
        const box = verdictBox();
        if (busy && box && !box.hasAttribute("data-pending")) finish();
      });
      slot.addEventListener("htmx:responseError", function () {
        if (busy) finish("The verdict could not be fetched (the server answered with an error). Reload the page to see it.");
      });
      slot.addEventListener("htmx:sendError", function () {
        if (busy) finish("The verdict could not be fetched: the connection failed. Reload the page to see it.");
      });
    }

    function run(button) {
      if (busy) return;
      button.dataset.running = "1";
      setBusy(true);
      const kind = button.value;
      const box = verdictBox();
      if (box) {
        const waiting = kind === "submit" ? "Saving, then grading against the hidden tests…" : "Saving, then running…";
        box.replaceChildren(parseFragment('<p aria-busy="true">' + waiting + "</p>"));
      }
      const keyInput = form.querySelector("input[name=idempotency_key]");
      keyInput.value = newKey(); // one key per click: a repeated post of this click makes one submission
      saver.save().then(function (saved) {
        if (!saved && saver.hasConflict()) {
          finish("Your code was not run: resolve the save conflict shown under the editor first.");
          return;
        }
        const data = new FormData(form);
        data.set("text", saver.textarea.value);
        data.set("kind", kind);
        if (kind !== "custom") data.delete("custom_input");
        return fetch(button.formAction, {
          method: "POST", body: data, credentials: "same-origin", headers: { "HX-Request": "true" },
        }).then(function (response) {
          return response.text().then(function (html) {
            const revision = response.headers.get("X-Answer-Revision");
            if (revision) form.querySelector("input[name=base_revision]").value = revision;
            if (response.status >= 500 || !html.trim()) {
              finish("The server could not take this run (error " + response.status + "). Try again.");
              return;
            }
            show(html);
          });
        });
      }).catch(function () {
        finish("The run could not be sent: the connection failed. Your code is kept here; try again.");
      });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        run(button);
      });
    });
    return {
      form: form,
      run: function (kind) {
        const button = buttons.find(function (b) { return b.value === kind; });
        if (button && !button.disabled) run(button);
      },
    };
  }

  const coding = savers
    .filter(function (s) { return s.form.querySelector("button[data-run]"); })
    .map(codingState);
  coding.forEach(function (c, i) { c.form.dataset.item = String(i); });

  // Ctrl+' runs the examples, Ctrl+Enter submits the code of the question being edited (capture phase:
  // before the editor's own Ctrl+Enter binding).
  if (coding.length) {
    document.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      const kind = event.key === "'" ? "examples" : event.key === "Enter" ? "submit" : null;
      if (!kind) return;
      const active = document.activeElement;
      const target = coding.find(function (c) { return active && c.form.closest("[data-question]").contains(active); }) ||
        (coding.length === 1 ? coding[0] : null);
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      target.run(kind);
    }, true);
  }

  // ---- Submitting the round -------------------------------------------------------------------------
  function unanswered() {
    const names = [];
    document.querySelectorAll("[data-question]").forEach(function (section) {
      const areas = Array.from(section.querySelectorAll("textarea[name=text]"));
      const empty = areas.every(function (area) {
        const value = area.value.trim();
        return value === "" || (area.hasAttribute("data-unanswered-default") && area.value === area.defaultValue);
      });
      if (empty) {
        const title = section.querySelector("h2");
        names.push(title ? title.textContent.trim() : "A question");
      }
    });
    return names;
  }

  function submitRound(auto) {
    submitForm.querySelector("input[name=auto]").value = auto ? "1" : "0";
    const button = submitForm.querySelector("button[type=submit]");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    return saveAll().then(function (ok) {
      if (!ok && !auto) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        const problem = document.querySelector(".save-status .save-error");
        if (problem) problem.scrollIntoView({ block: "center" });
        if (announce) announce.textContent = "The round was not submitted: an answer could not be saved. See the message under it.";
        return;
      }
      HTMLFormElement.prototype.submit.call(submitForm);
    });
  }

  const dialog = document.getElementById("submit-dialog");
  if (submitForm && dialog && typeof dialog.showModal === "function") {
    const list = dialog.querySelector("[data-dialog-list]");
    submitForm.addEventListener("submit", function (event) {
      event.preventDefault();
      const missing = unanswered();
      list.replaceChildren.apply(list, missing.map(function (name) {
        const li = document.createElement("li");
        li.textContent = name;
        return li;
      }));
      dialog.querySelector("[data-dialog-unanswered]").hidden = missing.length === 0;
      dialog.querySelector("[data-dialog-all]").hidden = missing.length !== 0;
      const value = timer && timer.querySelector(".timer-value");
      dialog.querySelector("[data-dialog-time]").textContent = value ? "You still have " + value.textContent + " left." : "";
      dialog.showModal();
    });
    dialog.querySelector("[data-dialog-cancel]").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector("[data-dialog-confirm]").addEventListener("click", function () {
      dialog.close();
      submitRound(false);
    });
  } else if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      event.preventDefault();
      submitRound(false);
    });
  }

  // ---- The countdown ------------------------------------------------------------------------------------
  if (!timer) return;
  const secondsAtLoad = parseInt(timer.dataset.secondsLeft, 10) || 0;
  const loadedAt = performance.now();
  const value = timer.querySelector(".timer-value");
  const warned = new Set();
  let finished = false;

  function format(total) {
    const h = Math.floor(total / 3600), m = Math.floor((total % 3600) / 60), s = total % 60;
    const mm = String(m).padStart(2, "0"), ss = String(s).padStart(2, "0");
    return h > 0 ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }

  function finish() {
    finished = true;
    value.textContent = "00:00";
    // A booked round's waiting page (either side) reloads at the start, and the server opens the round.
    if (timer.dataset.onZero === "reload") {
      announce.textContent = "The round is opening.";
      setTimeout(function () { window.location.reload(); }, 1000);
      return;
    }
    // The reviewer's view has nothing to submit: it keeps polling and shows the submitted round.
    if (!submitForm) {
      announce.textContent = "Time is up.";
      return;
    }
    announce.textContent = "Time is up. Submitting your round.";
    if (dialog && dialog.open) dialog.close();
    // Save what is pending, then submit; the server accepts saves for a short grace after the deadline.
    submitRound(true);
  }

  function tick() {
    if (finished) return;
    const left = Math.max(0, secondsAtLoad - Math.floor((performance.now() - loadedAt) / 1000));
    value.textContent = format(left);
    timer.classList.toggle("timer-low", left <= 300);
    [300, 60].forEach(function (mark) {
      if (left <= mark && !warned.has(mark) && secondsAtLoad > mark) {
        warned.add(mark);
        announce.textContent = (mark / 60) + (mark === 60 ? " minute" : " minutes") + " left.";
      }
    });
    if (left <= 0) finish();
  }
  tick();
  setInterval(tick, 1000);
})();
