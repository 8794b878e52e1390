#!/usr/bin/env node
// Reference positions for the framework fixtures (tests/assets/frameworks/), computed with Mozilla's
// `source-map` package, the reference decoder (SourceMapConsumer handles plain and indexed/sectioned maps).
//
// Usage:
//   node tools/reference_positions.mjs ROOT < values.json      # values.json: {"NAME": "value", ...}
//   node tools/reference_positions.mjs --file F.js --line L --column C   # one lookup (1-based line and column)
//
// ROOT mode walks ROOT and prints JSON:
//   files:  every generated .js/.mjs/.cjs/.css file that holds a value and has a map (sourceMappingURL
//           comment, else a sibling F.map): for each occurrence the generated position (1-based line,
//           1-based column in UTF-16 code units as the source-map spec counts them, plus the 1-based byte
//           column and the byte offset in the file) and originalPositionFor's answer (source, 1-based line,
//           1-based column, name), with the original text found at that position in sourcesContent.
//   maps:   for every .map file: whether it is indexed (`sections`), the virtual prefixes of `sources`,
//           and each value found inside a `sourcesContent` entry (source, 1-based line/column).
// The `source-map` package is looked up from SOURCE_MAP_MODULE (a path to the package) or normally.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let sourceMap;
try {
  sourceMap = require(process.env.SOURCE_MAP_MODULE || "source-map");
} catch {
  console.error("needs the `source-map` package: npm install source-map@0.8.0 in a folder of your choice and set " +
    "SOURCE_MAP_MODULE=<that folder>/node_modules/source-map (tools/build_framework_fixtures.py does this)");
  process.exit(2);
}
const { SourceMapConsumer } = sourceMap;

const GENERATED = /\.(m|c)?js$|\.css$/;

function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function mapFor(file, text) {
  // The last sourceMappingURL comment wins, as browsers read it.
  const re = /[#@] sourceMappingURL=([^\s'"*]+)/g;
  let m;
  let last = null;
  while ((m = re.exec(text))) last = m[1];
  if (last && last.startsWith("data:")) {
    const comma = last.indexOf(",");
    const meta = last.slice(5, comma);
    const body = last.slice(comma + 1);
    const json = meta.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
    return { how: "inline", path: null, raw: JSON.parse(json) };
  }
  if (last) {
    const p = path.resolve(path.dirname(file), decodeURIComponent(last.split("?")[0]));
    if (fs.existsSync(p)) return { how: "comment", path: p, raw: JSON.parse(fs.readFileSync(p, "utf8")) };
  }
  if (fs.existsSync(file + ".map")) {
    return { how: "sibling", path: file + ".map", raw: JSON.parse(fs.readFileSync(file + ".map", "utf8")) };
  }
  return null;
}

function sourcesOf(raw) {
  if (raw.sections) return raw.sections.flatMap((s) => sourcesOf(s.map));
  return raw.sources || [];
}

function contentsOf(raw) {
  // [source, content] pairs, sections flattened.
  if (raw.sections) return raw.sections.flatMap((s) => contentsOf(s.map));
  const sc = raw.sourcesContent || [];
  return (raw.sources || []).map((s, i) => [s, sc[i] ?? null]);
}

function prefixes(sources) {
  const seen = new Set();
  for (const s of sources) {
    if (s == null) continue;
    const m = /^(turbopack:\/\/\/\[[^\]]+\]\/|webpack:\/\/[^/]*\/|[a-z][a-z0-9+.-]*:\/*|(?:\.\.\/)+|\.\/)/i.exec(s);
    seen.add(m ? m[1] : "(relative)");
  }
  return [...seen].sort();
}

function linesCol(text, index) {
  // 1-based line; 1-based column in UTF-16 code units; 1-based byte column.
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  const prefix = text.slice(start, index);
  return { line, column: index - start + 1, byte_column: Buffer.byteLength(prefix, "utf8") + 1 };
}

function occurrences(text, value) {
  const out = [];
  for (let i = text.indexOf(value); i !== -1; i = text.indexOf(value, i + 1)) out.push(i);
  return out;
}

async function lookup(raw, line, column0) {
  // originalPositionFor, plus the raw `sources` entry it came from and the original text found there.
  return SourceMapConsumer.with(raw, null, (c) => {
    const o = c.originalPositionFor({ line, column: column0 });
    if (o.source == null) return { o, at: null };
    const flat = sourcesOf(raw);
    const i = c.sources.indexOf(o.source);
    const sourceRaw = c.sources.length === flat.length && i !== -1 ? flat[i] : null;
    const content = c.sourceContentFor(o.source, true);
    const text = content == null ? null : (content.split("\n")[o.line - 1] ?? "").slice(o.column, o.column + 60);
    return { o, at: { source_raw: sourceRaw, text } };
  });
}

async function rootMode(root, values) {
  const files = [];
  const maps = [];
  for (const file of walk(root)) {
    const rel = path.relative(root, file).split(path.sep).join("/");
    if (file.endsWith(".map")) {
      let raw;
      try {
        raw = JSON.parse(fs.readFileSync(file, "utf8"));
      } catch {
        maps.push({ map: rel, error: "not JSON" });
        continue;
      }
      const found = [];
      for (const [source, content] of contentsOf(raw)) {
        if (content == null) continue;
        for (const [name, value] of Object.entries(values)) {
          for (const idx of occurrences(content, value)) {
            const p = linesCol(content, idx);
            found.push({ name, source, line: p.line, column: p.column });
          }
        }
      }
      const sources = sourcesOf(raw);
      maps.push({
        map: rel,
        indexed: Array.isArray(raw.sections),
        sections: Array.isArray(raw.sections) ? raw.sections.length : 0,
        sources: sources.length,
        source_root: raw.sourceRoot ?? null,
        source_prefixes: prefixes(sources),
        sources_sample: sources.slice(0, 4),
        relative_sources: sources.filter((s) => s != null && !/^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith("/")),
        has_sources_content: contentsOf(raw).some(([, c]) => c != null),
        values_in_sources_content: found,
      });
      continue;
    }
    if (!GENERATED.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    const hits = [];
    for (const [name, value] of Object.entries(values)) for (const idx of occurrences(text, value)) hits.push([name, idx]);
    if (!hits.length) continue;
    const map = mapFor(file, text);
    const out = [];
    for (const [name, idx] of hits) {
      const g = linesCol(text, idx);
      let orig = null;
      if (map) {
        const { o, at } = await lookup(map.raw, g.line, g.column - 1);
        if (o.source != null) orig = { source: o.source, line: o.line, column: o.column + 1, name: o.name, at };
      }
      out.push({ name, generated: { ...g, offset: Buffer.byteLength(text.slice(0, idx), "utf8") }, original: orig });
    }
    files.push({
      file: rel,
      map: map ? (map.path ? path.relative(root, map.path).split(path.sep).join("/") : "(inline)") : null,
      map_found_by: map ? map.how : null,
      indexed: map ? Array.isArray(map.raw.sections) : null,
      occurrences: out,
    });
  }
  return { decoder: `source-map@${require(path.join(path.dirname(require.resolve(process.env.SOURCE_MAP_MODULE || "source-map")), "package.json")).version}`, files, maps };
}

const args = process.argv.slice(2);
if (args[0] === "--file") {
  const opt = Object.fromEntries([[args[0], args[1]], [args[2], args[3]], [args[4], args[5]]]);
  const file = opt["--file"];
  const map = mapFor(file, fs.readFileSync(file, "utf8"));
  const { o, at } = await lookup(map.raw, Number(opt["--line"]), Number(opt["--column"]) - 1);
  console.log(JSON.stringify({ ...o, column: o.column == null ? null : o.column + 1, at }));
} else {
  const values = JSON.parse(fs.readFileSync(0, "utf8"));
  console.log(JSON.stringify(await rootMode(args[0], values), null, 1));
}
