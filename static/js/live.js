// The reviewer's live view. The candidate's work is re-rendered by htmx every 2 s, but each read-only
// code editor is kept (hx-preserve) so the reviewer's scroll and selection survive; this copies the
// fresh code from the hidden feed next to it into the editor.
(function () {
  "use strict";
  function sync() {
    document.querySelectorAll("textarea.live-code-feed").forEach(function (feed) {
      const target = document.getElementById(feed.dataset.target);
      if (!target) return;
      const editor = window.MockloopEditor && window.MockloopEditor.get(target);
      if (editor) editor.setValue(feed.value);
      else target.value = feed.value;
    });
  }
  document.addEventListener("htmx:afterSettle", sync);
})();
