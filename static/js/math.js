// Math: renders TeX with the vendored KaTeX, loaded only on pages that have some.
// - `.math-tex` spans come from the Markdown pipeline (questionbank/mathmarkup.py): prompts and statements.
//   Their text is the TeX; `.math-display` ones are display formulas.
// - `[data-math-text]` holds plain text people wrote (review feedback): `$...$`, `$$...$$`, `\(...\)` and
//   `\[...\]` in it are rendered by KaTeX's auto-render.
// Without JavaScript (or if KaTeX fails on a formula) the TeX stays readable as text.
(function () {
  "use strict";
  const script = document.currentScript;
  let loading = null;

  function load(src) {
    return new Promise(function (resolve, reject) {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  function katexReady() {
    if (!loading) {
      loading = load(script.dataset.katex).then(function () { return load(script.dataset.autoRender); });
    }
    return loading;
  }

  function render(root) {
    const spans = Array.from(root.querySelectorAll(".math-tex:not([data-rendered])"));
    const texts = Array.from(root.querySelectorAll("[data-math-text]:not([data-rendered])")).filter(function (el) {
      return /\$|\\\(|\\\[/.test(el.textContent);
    });
    if (!spans.length && !texts.length) return;
    katexReady().then(function () {
      spans.forEach(function (span) {
        const tex = span.textContent;
        try {
          window.katex.render(tex, span, {
            displayMode: span.classList.contains("math-display"),
            throwOnError: false,
            output: "htmlAndMathml", // MathML for screen readers, HTML for the eye
          });
        } catch (e) {
          span.textContent = tex;
        }
        span.setAttribute("data-rendered", "");
      });
      texts.forEach(function (el) {
        window.renderMathInElement(el, {
          delimiters: [
            { left: "$$", right: "$$", display: true },
            { left: "\\[", right: "\\]", display: true },
            { left: "\\(", right: "\\)", display: false },
            { left: "$", right: "$", display: false },
          ],
          throwOnError: false,
        });
        el.setAttribute("data-rendered", "");
      });
    }).catch(function () { /* KaTeX could not load: the TeX stays as text */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { render(document); });
  } else {
    render(document);
  }
  document.addEventListener("htmx:afterSettle", function (event) { render(event.target || document); });
})();
