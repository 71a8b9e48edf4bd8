// mockloop code editor: CodeMirror 6 as a progressive enhancement of a plain
// <textarea name="code">. The page works without JS; with JS the textarea is
// hidden, kept in sync on every change, and still posted by the form (htmx
// autosave included). Built into static/vendor/ by build.mjs; see
// docs/frontend-assets.md.
//
// Global API (window.MockloopEditor):
//   mount(textarea, {readOnly?, onChange?}) -> {getValue, setValue, destroy, view}
//   mountAll(root?)   mounts every textarea[data-code-editor] not yet mounted
//   get(textarea)     the handle of an already mounted textarea, or null

import { EditorState, Annotation } from "@codemirror/state";
import {
  EditorView,
  keymap,
  lineNumbers,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  drawSelection,
} from "@codemirror/view";
import {
  defaultKeymap,
  history,
  historyKeymap,
  indentWithTab,
} from "@codemirror/commands";
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { python } from "@codemirror/lang-python";

// A leaner setup than `codemirror`'s basicSetup: no autocompletion popup,
// search panel, fold gutter or lint, which an interview answer does not need
// and which roughly double the bundle.
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  drawSelection(),
  EditorState.tabSize.of(4),
  indentUnit.of("    "), // PEP 8
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  highlightActiveLine(),
  // indentWithTab makes Tab indent. Escape then Tab (or Ctrl-M / Shift-Alt-M
  // on macOS, in defaultKeymap) moves focus out instead: the CodeMirror
  // keyboard-trap convention.
  keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
  python(),
];

// The editor is always light, whatever Pico's colour scheme, so that
// defaultHighlightStyle keeps its contrast. Gutter text is darkened from
// CodeMirror's #999 to reach WCAG AA (4.5:1) on the gutter background.
const theme = EditorView.theme({
  "&": {
    color: "#1f2328",
    backgroundColor: "#fff",
    border: "1px solid var(--pico-form-element-border-color, #cfd5e2)",
    borderRadius: "var(--pico-border-radius, .25rem)",
    fontSize: "0.875rem",
    marginBottom: "var(--pico-spacing, 1rem)",
  },
  "&.cm-focused": {
    outline: "3px solid var(--pico-primary-focus, rgba(2, 154, 232, .5))",
    outlineOffset: "0",
  },
  ".cm-scroller": {
    fontFamily:
      'var(--pico-font-family-monospace, ui-monospace, SFMono-Regular, Menlo, Consolas, monospace)',
    lineHeight: "1.5",
    maxHeight: "70vh",
  },
  // On content and gutter (not the scroller) so the gutter spans the box.
  ".cm-content, .cm-gutter": { minHeight: "12rem" },
  ".cm-content": { caretColor: "#000" },
  ".cm-gutters": { backgroundColor: "#f6f8fa", color: "#59636e", borderRight: "1px solid #d1d9e0" },
  ".cm-activeLineGutter": { backgroundColor: "#e6ebf1" },
  ".cm-activeLine": { backgroundColor: "#f3f7fc" },
  "&.cm-readonly .cm-activeLine, &.cm-readonly .cm-activeLineGutter": { backgroundColor: "transparent" },
});

// Marks transactions made by setValue(): they update the textarea but fire no
// input/change event and no onChange, so a read-only viewer refreshed by
// polling never triggers an autosave.
const external = Annotation.define();

const handles = new WeakMap();

function labelFor(textarea) {
  const label = textarea.labels && textarea.labels[0];
  const text = label ? label.textContent.trim().replace(/\s+/g, " ") : "";
  return text || textarea.getAttribute("aria-label") || textarea.title || "Code editor";
}

function fire(textarea, type) {
  textarea.dispatchEvent(new Event(type, { bubbles: true }));
}

// The Content-Security-Policy allows no inline style, and CodeMirror injects its styles in a <style>
// element: that element carries the nonce the server put in <meta name="csp-nonce"> (base.html).
function cspNonce() {
  const meta = document.querySelector('meta[name="csp-nonce"]');
  return meta ? meta.content : "";
}

function mount(textarea, options = {}) {
  if (!(textarea instanceof HTMLTextAreaElement)) {
    throw new TypeError("MockloopEditor.mount expects a <textarea>");
  }
  const existing = handles.get(textarea);
  if (existing) return existing;

  const readOnly = !!options.readOnly;
  const onChange = typeof options.onChange === "function" ? options.onChange : null;
  let handle;

  const contentAttrs = { "aria-label": labelFor(textarea) };
  const describedBy = textarea.getAttribute("aria-describedby");
  if (describedBy) contentAttrs["aria-describedby"] = describedBy;

  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        EditorView.cspNonce.of(cspNonce()),
        setup,
        theme,
        EditorView.lineWrapping,
        EditorView.contentAttributes.of(contentAttrs),
        EditorView.editorAttributes.of({ class: readOnly ? "cm-readonly" : "" }),
        EditorState.readOnly.of(readOnly),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          const value = update.state.doc.toString();
          textarea.value = value;
          if (update.transactions.some((tr) => tr.annotation(external))) return;
          fire(textarea, "input");
          fire(textarea, "change");
          if (onChange) onChange(value, handle);
        }),
      ],
    }),
  });

  // The contenteditable fires its own native input events. Keep them inside
  // the editor so the form (and htmx triggers on it) only ever sees the
  // textarea's events, whose target carries the code as .value.
  const swallow = (event) => event.stopPropagation();
  view.dom.addEventListener("input", swallow);
  view.dom.addEventListener("change", swallow);

  const wasHidden = textarea.hidden;
  textarea.hidden = true;
  textarea.after(view.dom);

  // A <label for> pointing at the hidden textarea would otherwise do nothing.
  const focus = () => view.focus();
  const labels = Array.from(textarea.labels || []);
  labels.forEach((l) => l.addEventListener("click", focus));

  // A hidden `required` textarea cannot show the browser's validation
  // bubble; send the user to the editor instead.
  const onInvalid = () => view.focus();
  textarea.addEventListener("invalid", onInvalid);

  // Follow a form reset (the textarea's defaultValue comes back).
  const form = textarea.form;
  const onReset = () => setTimeout(() => setValue(textarea.value));
  if (form) form.addEventListener("reset", onReset);

  function setValue(text) {
    text = String(text == null ? "" : text);
    const doc = view.state.doc.toString();
    if (text === doc) return;
    // Replace only the differing middle so the reader's cursor and scroll
    // position survive a polling refresh.
    let from = 0;
    const max = Math.min(doc.length, text.length);
    while (from < max && doc.charCodeAt(from) === text.charCodeAt(from)) from++;
    let endDoc = doc.length;
    let endText = text.length;
    while (endDoc > from && endText > from && doc.charCodeAt(endDoc - 1) === text.charCodeAt(endText - 1)) {
      endDoc--;
      endText--;
    }
    view.dispatch({
      changes: { from, to: endDoc, insert: text.slice(from, endText) },
      annotations: external.of(true),
    });
  }

  handle = {
    view,
    getValue: () => view.state.doc.toString(),
    setValue,
    destroy() {
      if (!handles.has(textarea)) return;
      handles.delete(textarea);
      labels.forEach((l) => l.removeEventListener("click", focus));
      if (form) form.removeEventListener("reset", onReset);
      textarea.removeEventListener("invalid", onInvalid);
      textarea.value = view.state.doc.toString();
      view.destroy();
      view.dom.remove();
      textarea.hidden = wasHidden;
    },
  };
  handles.set(textarea, handle);
  return handle;
}

function mountAll(root = document) {
  root.querySelectorAll("textarea[data-code-editor]").forEach((textarea) => {
    if (!handles.has(textarea)) {
      mount(textarea, { readOnly: textarea.hasAttribute("data-readonly") });
    }
  });
}

function get(textarea) {
  return handles.get(textarea) || null;
}

window.MockloopEditor = { mount, mountAll, get };

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => mountAll());
} else {
  mountAll();
}
// After every htmx swap; mountAll() skips textareas already mounted.
document.addEventListener("htmx:afterSettle", () => mountAll());
// Free editors whose textarea htmx is about to remove.
document.addEventListener("htmx:beforeCleanupElement", (event) => {
  const el = event.target;
  if (el instanceof HTMLTextAreaElement) {
    const h = handles.get(el);
    if (h) h.destroy();
  }
});
