// Shared by the browser tests and the measurement script: start headless Chromium (Debian's
// /usr/bin/chromium through playwright-core), open pages, and watch what they do.
import { chromium } from 'playwright-core';

export const BASE = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:8080/';
export const OUT = process.env.PLAYGROUND_OUT ?? new URL('../../target/playground', import.meta.url).pathname;

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh context and page that records console errors, page errors and every request. */
export async function openPage(browser, { viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  // Every Content-Security-Policy violation the page meets, for the tests to check.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const log = { errors: [], requests: [], console: [] };
  page.on('console', (m) => {
    log.console.push(m.text());
    if (m.type() === 'error' || m.type() === 'warning') log.errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
  context.on('request', (r) => log.requests.push(r.url()));
  return { context, page, log };
}

/** Requests to anywhere but the page's own origin (data: URLs stay in the page). */
export function outsideRequests(log) {
  const origin = new URL(BASE).origin;
  return log.requests.filter((u) => !u.startsWith('data:') && new URL(u).origin !== origin);
}

/** Waits for a verdict newer than `after` (a generation number) and returns it. */
export async function verdict(page, after = 0) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('#verdict')?.dataset.generation ?? 0) > n
      && document.querySelector('#verdict')?.getAttribute('aria-busy') === 'false',
    after,
  );
  return page.$eval('#verdict', (v) => ({
    accepted: v.dataset.accepted === 'true',
    state: v.dataset.state,
    headline: v.querySelector('#headline')?.textContent ?? null,
    stage: v.dataset.stage,
    generation: Number(v.dataset.generation),
    code: v.querySelector('.cloud-code')?.textContent ?? null,
    message: v.querySelector('.cloud-message')?.textContent ?? null,
    word: v.querySelector('.verdict-word')?.textContent.trim(),
  }));
}

export const generation = (page) =>
  page.$eval('#verdict', (v) => Number(v.dataset.generation));

export const b64url = (s) => Buffer.from(s).toString('base64url');

// The policy editors (CodeMirror 6 in a shadow root, loaded after the first verdict; the
// host is `#<id>-editor`, and its handle `oidcEditor` is what the wasm side calls too).

/** Waits until the editor `id` (`policy`, `rcp-0`...) has replaced its textarea. */
export async function editorReady(page, id = 'policy') {
  await page.waitForSelector(`#${id}-editor[data-ready="true"]`);
}

/** The editor's text. */
export async function editorText(page, id = 'policy') {
  await editorReady(page, id);
  return page.$eval(`#${id}-editor`, (h) => h.oidcEditor.text());
}

/** Replaces the editor's text as one edit (what a paste does), so the page sees it. */
export async function setEditor(page, text, id = 'policy') {
  await editorReady(page, id);
  await page.$eval(`#${id}-editor`, (h, t) => h.oidcEditor.apply(0, h.oidcEditor.text().length, t), text);
}

/** Types into the editor, key by key, after clearing it. */
export async function typeEditor(page, text, id = 'policy') {
  await setEditor(page, '', id);
  await page.click(`#${id}-editor .cm-content`);
  await page.keyboard.type(text);
}

/** The editor's cursor or selection, `{from, to}`, and whether it has the focus. */
export async function editorSelection(page, id = 'policy') {
  return page.$eval(`#${id}-editor`, (h) => ({
    ...h.oidcEditor.selection(),
    focused: document.activeElement === h && h.shadowRoot.activeElement !== null,
  }));
}

/** The diagnostics the editor shows. */
export async function editorDiagnostics(page, id = 'policy') {
  await editorReady(page, id);
  return page.$eval(`#${id}-editor`, (h) => h.oidcEditor.diagnostics());
}

/**
 * The share link, once the page has made it for what is on screen (it is compressed off the
 * render, and says `data-pending` meanwhile) and `until(link)` holds.
 */
export async function shareLink(page, until = () => true) {
  for (let i = 0; i < 250; i++) {
    const [pending, link] = await page.$eval('#share-link', (e) => [e.dataset.pending, e.value]);
    if (pending === 'false' && link && until(link)) return link;
    await page.waitForTimeout(20);
  }
  throw new Error('the share link was not made');
}
