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
  const page = await context.newPage();
  const log = { errors: [], requests: [] };
  page.on('console', (m) => {
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
    stage: v.dataset.stage,
    generation: Number(v.dataset.generation),
    code: v.querySelector('.aws-code')?.textContent ?? null,
    message: v.querySelector('.aws-message')?.textContent ?? null,
    word: v.querySelector('.verdict-word')?.textContent.trim(),
  }));
}

export const generation = (page) =>
  page.$eval('#verdict', (v) => Number(v.dataset.generation));

export const b64url = (s) => Buffer.from(s).toString('base64url');
