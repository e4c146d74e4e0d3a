// Measures the playground in headless Chromium: the page's transfer size (raw and
// compressed), the time from navigation to the first verdict, and from a keystroke to the
// updated verdict. A measurement, not a test: it prints numbers and asserts nothing.
//   PLAYGROUND_URL=http://127.0.0.1:8080/ PLAYGROUND_DIST=../../dist node measure.mjs
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

import { BASE, OUT, editorReady, editorText, generation, launch, openPage, verdict } from './helpers.mjs';

const DIST = process.env.PLAYGROUND_DIST ?? new URL('../../dist', import.meta.url).pathname;
const RUNS = Number(process.env.RUNS ?? 15);
const KEYS = Number(process.env.KEYS ?? 60);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], n: s.length };
};
const ms = (x) => `${x.toFixed(1)} ms`;

// 1. Transfer size of what the page loads.
const files = [
  ['HTML', 'index.html'],
  ['CSS', 'web/style.css'],
  ['JS', 'web/boot.js'],
  ['JS', 'web/pkg/oidc_trust_web.js'],
  ['wasm', 'web/pkg/oidc_trust_web_bg.wasm'],
  ['JS, after the first verdict', 'web/editor.bundle.js'],
  ['JS, when another target is picked', 'web/pkg/oidc_trust_web_whole.js'],
  ['wasm, when another target is picked', 'web/pkg/oidc_trust_web_whole_bg.wasm'],
];
const sizes = files.map(([kind, f]) => {
  const b = readFileSync(join(DIST, f));
  return {
    kind, file: f, raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const sum = (xs) => xs.reduce((t, s) => ({ raw: t.raw + s.raw, gzip: t.gzip + s.gzip, brotli: t.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const firstPaint = sum(sizes.filter((s) => !s.kind.includes('after') && !s.kind.includes('another')));
// An AWS visit: the first module and the editor. Another target adds the whole page.
const total = sum(sizes.filter((s) => !s.kind.includes('another')));
const whole = sum(sizes);

const browser = await launch();
const version = browser.version();

// 2. Navigation to the first verdict, each in a fresh context (cold cache).
const firstVerdict = [];
const painted = [];
const contentful = [];
const loaded = [];
const wasmFetched = [];
const wasmStarted = [];
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await openPage(browser);
  await page.goto(BASE);
  await verdict(page);
  // When the verdict was first painted: the Element Timing entry of its heading.
  const paint = await page.evaluate(() => new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const e = list.getEntries().find((x) => x.identifier === 'verdict');
      if (e) resolve(e.renderTime || e.loadTime);
    }).observe({ type: 'element', buffered: true });
    setTimeout(() => resolve(NaN), 5000);
  }));
  painted.push(paint);
  contentful.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
  const t = await page.evaluate(() => ({
    verdict: performance.getEntriesByName('first-verdict')[0]?.startTime,
    load: performance.getEntriesByType('navigation')[0]?.loadEventEnd,
    fetched: performance.getEntriesByType('resource').find((r) => r.name.endsWith('.wasm'))?.responseEnd,
    started: performance.getEntriesByName('wasm-start')[0]?.startTime,
  }));
  firstVerdict.push(t.verdict);
  loaded.push(t.load);
  wasmFetched.push(t.fetched);
  wasmStarted.push(t.started);
  await context.close();
}

// 3. Keystroke to verdict: type into a condition value, one key at a time, and time from
// the keydown to the verdict's DOM update and to the next frame after it.
const { context, page } = await openPage(browser);
await page.goto(BASE);
await verdict(page);
await page.evaluate(() => {
  window.__marks = [];
  const v = document.querySelector('#verdict');
  let t0 = 0;
  document.addEventListener('keydown', () => { t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t1 = performance.now();
    const evalMs = Number(v.dataset.evalMs);
    requestAnimationFrame(() => window.__marks.push({ dom: t1 - t0, frame: performance.now() - t0, evalMs }));
  }).observe(v, { attributes: true, attributeFilter: ['data-generation'] });
});
// In the editor (CodeMirror 6), as people type once it has loaded.
await editorReady(page);
const policy = await editorText(page);
const at = policy.indexOf('refs/tags/v') + 'refs/tags/v'.length;
await page.$eval('#policy-editor', (h, pos) => h.oidcEditor.select(pos, pos), at);
const keys = 'abcdefghijklmnopqrstuvwxyz0123456789';
for (let i = 0; i < KEYS; i++) {
  const g = await generation(page);
  await page.keyboard.press(keys[i % keys.length]);
  await page.waitForFunction((n) => window.__marks.length >= n, i + 1);
  await verdict(page, g);
}
const marks = await page.evaluate(() => window.__marks);
const typed = await editorText(page);
await context.close();
await browser.close();

const dom = stats(marks.map((m) => m.dom));
const frame = stats(marks.map((m) => m.frame));
const evalCost = stats(marks.map((m) => m.evalMs));
const fv = stats(firstVerdict);
const fp = stats(painted);
const fcp = stats(contentful);
const ld = stats(loaded);
const wf = stats(wasmFetched);
const ws = stats(wasmStarted);
const lostKeys = policy.length + KEYS - typed.length;

const lines = [
  `oidc-trust playground measurements (${new Date().toISOString()}, headless Chromium ${version}, ${BASE})`,
  '',
  '| file | raw | gzip -9 | brotli 11 |',
  '| --- | ---: | ---: | ---: |',
  ...sizes.map((s) => `| ${s.kind}: \`${s.file}\` | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`),
  `| before the first verdict | ${kb(firstPaint.raw)} | ${kb(firstPaint.gzip)} | ${kb(firstPaint.brotli)} |`,
  `| **total, after the editor loads** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |`,
  `| total, once another target is picked | ${kb(whole.raw)} | ${kb(whole.gzip)} | ${kb(whole.brotli)} |`,
  '',
  `navigation to the first verdict painted (${fp.n} cold loads, Element Timing): median ${ms(fp.median)}, p95 ${ms(fp.p95)}, min ${ms(fp.min)}, max ${ms(fp.max)}`,
  `  the page's first paint (its static HTML, before any script: the floor on this machine): median ${ms(fcp.median)}`,
  `  breakdown (medians): wasm downloaded ${ms(wf.median)}, wasm compiled and started ${ms(ws.median)}, verdict painted ${ms(fp.median)}, the verdict's first effect ran ${ms(fv.median)}; load event ${ms(ld.median)}`,
  `keystroke to updated verdict in the DOM (${dom.n} keys): median ${ms(dom.median)}, p95 ${ms(dom.p95)}, max ${ms(dom.max)}`,
  `keystroke to the next frame after it: median ${ms(frame.median)}, p95 ${ms(frame.p95)}, max ${ms(frame.max)}`,
  `analysis per keystroke (core, in wasm): median ${ms(evalCost.median)}, max ${ms(evalCost.max)}`,
  `keystrokes lost: ${lostKeys}`,
];
const report = lines.join('\n');
console.log(report);
mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'measurements.md'), report + '\n');
writeFileSync(join(OUT, 'measurements.json'), JSON.stringify({ sizes, total, whole, firstVerdictPainted: fp, firstContentfulPaint: fcp, firstVerdict: fv, load: ld, keystrokeDom: dom, keystrokeFrame: frame, evalCost, lostKeys, chromium: version }, null, 2));
