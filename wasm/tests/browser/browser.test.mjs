// The Vite build of ./index.html, served on 127.0.0.1 and loaded in headless Chromium:
// the page renders the verdict, and every shared vector analysed in the page deep-equals
// its golden file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadVectors } from '../lib/vectors.mjs';

const dist = fileURLToPath(new URL('./dist/', import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
let server;
let browser;
let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the bundled page loads the wasm module and renders the verdict, with no console errors', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => document.getElementById('verdict')?.textContent !== 'loading', null, { timeout: 15000 });
  const verdict = await page.textContent('#verdict');
  assert.match(verdict, /^ACCEPTED at policy: /);
  assert.match(await page.textContent('#version'), /^oidc-trust \d+\.\d+\.\d+/);
  await page.screenshot({ path: join(dist, '..', 'screenshot.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every shared vector analysed in the browser deep-equals its golden file', async () => {
  const vectors = loadVectors();
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => window.oidcTrust !== undefined, null, { timeout: 15000 });
  const answers = await page.evaluate((requests) => requests.map((r) => window.oidcTrust.analyze(r)), vectors.map((v) => v.request));
  let checked = 0;
  for (const [i, v] of vectors.entries()) {
    assert.deepStrictEqual(answers[i], v.golden, v.id);
    checked++;
  }
  assert.equal(checked, vectors.length);
  const thrown = await page.evaluate(() => { try { window.oidcTrust.analyze(null); return 'no throw'; } catch (e) { return `${e.name}: ${e.message}`; } });
  assert.match(thrown, /^TypeError: analyze: `request` must be an object, got null$/);
  await page.close();
});

test('the build emitted the .wasm as an asset, and no AGPL code', async () => {
  const assets = await readdir(join(dist, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `assets: ${assets}`);
  for (const f of assets.filter((f) => f.endsWith('.js'))) {
    const js = await readFile(join(dist, 'assets', f), 'utf8');
    assert.doesNotMatch(js, /cloud-copilot|iam-simulate/);
  }
});
