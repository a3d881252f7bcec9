#!/usr/bin/env node
// Open BPMN files in bpmn-js (the viewer bundle from node_modules) in headless Chromium, check
// them there, and save a screenshot of each at fit-to-width.
//
//   node tools/screenshot_bpmn.mjs [--out DIR] [--width PX] FILE...
//
// For each file, prints one JSON line:
//   {"file", "warnings": [...], "errors": [...], "png", "width", "height",
//    "tasksOverflowing": [...], "labelOverlaps": [...]}
// measured in the browser on what bpmn-js drew: import warnings, console errors and uncaught
// exceptions, task names whose rendered text leaves the task box, and labels (external labels of
// events, gateways and flows) whose rendered text overlaps a flow node or another label.
// Exit status 1 when any file has a warning, an error, an overflowing name or an overlap.
// No network: the page and the bundle are local files (Chromium runs with
// --disable-background-networking); CHROMIUM overrides /usr/bin/chromium.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.join(HERE, '..', 'node_modules', 'bpmn-js', 'dist');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--hide-scrollbars', '--virtual-time-budget=20000'];
const USAGE = 'usage: screenshot_bpmn.mjs [--out DIR] [--width PX] FILE...';

// Runs in the page: import, fit, measure; the result goes into <pre id="result">.
const PAGE_SCRIPT = String.raw`
const errors = [];
window.addEventListener('error', (e) => errors.push(String(e.message)));
const origError = console.error;
console.error = (...args) => { errors.push(args.map(String).join(' ')); origError(...args); };
function overlap(a, b) {
  return Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 &&
         Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;
}
function textBox(gfx) {
  // bounds of the rendered text in diagram coordinates (the group's own transform included)
  const text = gfx.querySelector('text');
  if (!text || !text.textContent.trim()) { return null; }
  const b = text.getBBox();
  const m = gfx.transform.baseVal.consolidate();
  const dx = m ? m.matrix.e : 0, dy = m ? m.matrix.f : 0;
  return { x: b.x + dx, y: b.y + dy, width: b.width, height: b.height };
}
async function main() {
  const out = { warnings: [], errors, tasksOverflowing: [], labelOverlaps: [] };
  try {
    const viewer = new BpmnJS({ container: '#canvas' });
    const { warnings } = await viewer.importXML(window.BPMN_XML);
    out.warnings = warnings.map((w) => String(w.message));
    const canvas = viewer.get('canvas');
    const registry = viewer.get('elementRegistry');
    canvas.zoom('fit-viewport');
    const inner = canvas.viewbox().inner;
    out.width = inner.width; out.height = inner.height;
    const isNode = (e) => !e.waypoints && e.type !== 'label' && !/Participant|Lane|Process|Collaboration/.test(e.type);
    const nodes = registry.filter(isNode);
    for (const e of nodes) {
      if (!/Task$/.test(e.type)) { continue; }
      const t = textBox(registry.getGraphics(e));
      if (t && (t.x < e.x - 0.5 || t.y < e.y - 0.5 || t.x + t.width > e.x + e.width + 0.5 ||
                t.y + t.height > e.y + e.height + 0.5)) {
        out.tasksOverflowing.push(e.id);
      }
    }
    const labels = [];
    for (const l of registry.filter((e) => e.type === 'label')) {
      const t = textBox(registry.getGraphics(l));
      if (t) { labels.push({ id: l.labelTarget.id, box: t }); }
    }
    for (let i = 0; i < labels.length; i++) {
      for (const n of nodes) {
        if (overlap(labels[i].box, n)) { out.labelOverlaps.push([labels[i].id, n.id]); }
      }
      for (let j = i + 1; j < labels.length; j++) {
        if (overlap(labels[i].box, labels[j].box)) {
          out.labelOverlaps.push([labels[i].id, labels[j].id]);
        }
      }
    }
  } catch (err) {
    errors.push(String(err && err.message || err));
  }
  document.getElementById('result').textContent = JSON.stringify(out);
}
main();
`;

function page(xml, width, height) {
  const bundle = pathToFileURL(path.join(BUNDLE, 'bpmn-viewer.production.min.js')).href;
  const css = ['diagram-js.css', 'bpmn-js.css']
    .map((f) => `<link rel="stylesheet" href="${pathToFileURL(path.join(BUNDLE, 'assets', f)).href}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8">${css}
<style>html,body{margin:0;padding:0;background:#fff}
#canvas{width:${width}px;height:${height}px}#result{display:none}</style></head>
<body><div id="canvas"></div><pre id="result"></pre>
<script>window.BPMN_XML = ${JSON.stringify(xml).replace(/</g, '\\u003c')};</script>
<script src="${bundle}"></script>
<script>${PAGE_SCRIPT}</script>
</body></html>`;
}

async function chromium(args) {
  const { stdout } = await run(CHROMIUM, [...FLAGS, ...args],
    { maxBuffer: 256 * 1024 * 1024, timeout: 180000 });
  return stdout;
}

async function shoot(file, outDir, width, work) {
  const xml = await readFile(file, 'utf8');
  const html = path.join(work, 'page.html');
  // 1: import and measure at a provisional size, to learn the diagram's aspect ratio
  await writeFile(html, page(xml, width, 800), 'utf8');
  const dom = await chromium([`--window-size=${width},800`, '--dump-dom', pathToFileURL(html).href]);
  const match = /<pre id="result">([^<]*)<\/pre>/.exec(dom);
  if (!match || !match[1]) {
    return { file, warnings: [], errors: ['the page did not finish (bpmn-js not loaded?)'] };
  }
  const result = JSON.parse(match[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  // 2: fit to width: a viewport of the diagram's aspect ratio, so fit-viewport fills the width
  const height = Math.max(200, Math.round(width * (result.height / result.width)) + 20);
  await writeFile(html, page(xml, width, height), 'utf8');
  const png = path.join(outDir, `${path.basename(file, path.extname(file))}.png`);
  await chromium([`--window-size=${width},${height}`, `--screenshot=${png}`, pathToFileURL(html).href]);
  return { file, ...result, png, viewport: [width, height] };
}

async function main(argv) {
  let outDir = process.cwd();
  let width = 1600;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') { outDir = argv[++i]; }
    else if (argv[i] === '--width') { width = Number(argv[++i]); }
    else { files.push(argv[i]); }
  }
  if (!files.length || !outDir || !(width > 0)) {
    console.error(USAGE);
    return 2;
  }
  const work = await mkdtemp(path.join(tmpdir(), 'bpmn-shot-'));
  let failed = false;
  try {
    for (const file of files) {
      const result = await shoot(file, outDir, width, work);
      console.log(JSON.stringify(result));
      failed ||= result.warnings.length > 0 || result.errors.length > 0 ||
        (result.tasksOverflowing || []).length > 0 || (result.labelOverlaps || []).length > 0;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
