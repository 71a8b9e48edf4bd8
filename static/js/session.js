// The round page: a countdown that trusts the server's figure (not the client clock), and saves that
// survive a closed tab. The deadline itself is enforced on the server; this only keeps people informed.
(function () {
  "use strict";
  const timer = document.getElementById("timer");
  const announce = document.getElementById("timer-announce");
  const submitForm = document.getElementById("submit-form");
  const forms = Array.from(document.querySelectorAll("form[data-autosave]"));
  const dirty = new Set();

  forms.forEach(function (form) {
    form.addEventListener("input", function () { dirty.add(form); });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.successful) dirty.delete(form);
    });
  });

  // A tab closed or hidden mid-typing: send what the debounce has not sent yet.
  function flushWithBeacon() {
    dirty.forEach(function (form) {
      if (navigator.sendBeacon(form.action, new FormData(form))) dirty.delete(form);
    });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flushWithBeacon();
  });
  window.addEventListener("pagehide", flushWithBeacon);

  // Design sections: count the seconds each section has focus; shown beside its time budget and sent
  // with the section's autosave (the server keeps the largest figure, capped by the round's length).
  document.querySelectorAll("input[data-section-seconds]").forEach(function (input) {
    const form = input.form;
    const used = form.querySelector("[data-section-used]");
    let focused = false;
    form.addEventListener("focusin", function () { focused = true; });
    form.addEventListener("focusout", function () { focused = false; });
    setInterval(function () {
      if (!focused || document.visibilityState !== "visible") return;
      const seconds = (parseInt(input.value, 10) || 0) + 1;
      input.value = String(seconds);
      if (used) used.textContent = String(Math.floor(seconds / 60));
    }, 1000);
  });

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
    // Save what is pending, then submit; the server accepts saves for a short grace after the deadline.
    const pending = Array.from(dirty).map(function (form) {
      return fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    });
    Promise.allSettled(pending).then(function () {
      submitForm.querySelector("input[name=auto]").value = "1";
      submitForm.submit();
    });
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
