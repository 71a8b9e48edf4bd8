// Rebuilds everything under static/vendor/ from the exact versions pinned in
// package-lock.json:
//   npm --prefix static/src ci && npm --prefix static/src run build
// Output is deterministic (no timestamps, no absolute paths), so a rebuild
// without a version bump leaves `git status` clean.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, "..", "vendor");
const modules = join(here, "node_modules");

const pkg = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8"));
const version = (name) => pkg(name).version;

// Removes older versions of a vendored file so only the current one remains.
function replaceVersioned(prefix, suffix, keep) {
  for (const f of readdirSync(vendor)) {
    if (f.startsWith(prefix) && f.endsWith(suffix) && f !== keep) {
      rmSync(join(vendor, f));
      console.log(`removed  static/vendor/${f}`);
    }
  }
}

function report(file) {
  const data = readFileSync(join(vendor, file));
  const kb = (n) => (n / 1024).toFixed(1) + " KiB";
  console.log(`wrote    static/vendor/${file}  ${kb(data.length)} (${kb(gzipSync(data, { level: 9 }).length)} gzip)`);
}

// htmx: the upstream minified build, as published.
const htmx = `htmx-${version("htmx.org")}.min.js`;
replaceVersioned("htmx-", ".min.js", htmx);
copyFileSync(join(modules, "htmx.org", "dist", "htmx.min.js"), join(vendor, htmx));
report(htmx);

// Pico CSS: the upstream minified build (default azure theme, class-based
// and classless rules both included).
const pico = `pico-${version("@picocss/pico")}.min.css`;
replaceVersioned("pico-", ".min.css", pico);
copyFileSync(join(modules, "@picocss", "pico", "css", "pico.min.css"), join(vendor, pico));
report(pico);

// CodeMirror: one minified IIFE exposing window.MockloopEditor.
const cm = `codemirror-${version("codemirror")}`;
const bundle = `${cm}.bundle.js`;
const licenceFile = `${cm}.bundle.LICENSES.txt`;
replaceVersioned("codemirror-", ".bundle.js", bundle);
replaceVersioned("codemirror-", ".bundle.LICENSES.txt", licenceFile);

const result = await build({
  absWorkingDir: here,
  entryPoints: ["editor.js"],
  bundle: true,
  format: "iife",
  minify: true,
  target: ["es2020"],
  legalComments: "none", // licences go to the .LICENSES.txt file below
  metafile: true,
  write: false,
  logLevel: "warning",
});

// The bundled npm packages, from the inputs esbuild actually used.
const bundled = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) bundled.add(m[1]);
}
const names = [...bundled].sort();
const banner =
  `/*! mockloop editor bundle (static/src/editor.js). Built with esbuild ${version("esbuild")} from: ` +
  names.map((n) => `${n}@${version(n)}`).join(", ") +
  `. All MIT licensed; notices in ${licenceFile} */\n`;
writeFileSync(join(vendor, bundle), banner + result.outputFiles[0].text);
report(bundle);

const licences = names.map((n) => {
  const dir = join(modules, n);
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f) && statSync(join(dir, f)).isFile());
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${pkg(n).license}`;
  return `${"=".repeat(72)}\n${n}@${version(n)}\n${"=".repeat(72)}\n${text}\n`;
});
writeFileSync(
  join(vendor, licenceFile),
  `Third-party notices for static/vendor/${bundle}\n\n` + licences.join("\n"),
);
console.log(`wrote    static/vendor/${licenceFile}`);

// KaTeX: the upstream minified builds, unmodified, with only the woff2 fonts (every browser we support
// reads woff2; the CSS's woff/ttf fallbacks are dropped so collectstatic's manifest finds every file).
const katex = `katex-${version("katex")}`;
const katexSrc = join(modules, "katex", "dist");
const katexOut = join(vendor, katex);
for (const f of readdirSync(vendor)) {
  if (f.startsWith("katex-") && f !== katex) {
    rmSync(join(vendor, f), { recursive: true });
    console.log(`removed  static/vendor/${f}`);
  }
}
rmSync(katexOut, { recursive: true, force: true });
mkdirSync(join(katexOut, "fonts"), { recursive: true });
copyFileSync(join(katexSrc, "katex.min.js"), join(katexOut, "katex.min.js"));
copyFileSync(join(katexSrc, "contrib", "auto-render.min.js"), join(katexOut, "auto-render.min.js"));
copyFileSync(join(modules, "katex", "LICENSE"), join(katexOut, "LICENSE"));
const katexCss = readFileSync(join(katexSrc, "katex.min.css"), "utf8").replace(
  /,url\(fonts\/[^)]+\.woff\) format\("woff"\),url\(fonts\/[^)]+\.ttf\) format\("truetype"\)/g,
  "",
);
if (/\.(woff|ttf)\)/.test(katexCss)) throw new Error("katex.min.css still names woff/ttf fonts: update the pattern");
writeFileSync(join(katexOut, "katex.min.css"), katexCss);
for (const f of readdirSync(join(katexSrc, "fonts")).filter((f) => f.endsWith(".woff2")).sort()) {
  copyFileSync(join(katexSrc, "fonts", f), join(katexOut, "fonts", f));
}
for (const f of ["katex.min.js", "auto-render.min.js", "katex.min.css"]) report(join(katex, f));
