// The README's screenshots (web/screenshots/): the verdict banner in each of the four
// states, the policy editor with its diagnostics and a hover message, a fix's preview, a
// Google Cloud answer and its generator's output, and the phone layout. Run by hand
// against a served page:
//   PLAYGROUND_URL=http://127.0.0.1:8080/ node web/tests/shots.mjs web/screenshots
import { mkdirSync } from 'node:fs';

import { editorReady, launch, openPage, verdict } from './helpers.mjs';

const out = process.argv[2] ?? '/tmp/oidc-trust-shots';
mkdirSync(out, { recursive: true });
const browser = await launch();

async function page(viewport = { width: 1280, height: 900 }) {
  const opened = await openPage(browser, { viewport });
  await opened.page.goto(process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:8080/');
  await verdict(opened.page);
  await editorReady(opened.page);
  return opened;
}

/** Picks `target` (the AWS-only module a visit starts on loads the whole page for it). */
async function target(p, name) {
  await p.selectOption('#target', name);
  await p.waitForFunction(() => document.documentElement.dataset.page === 'whole');
  await verdict(p);
}

async function pick(p, example) {
  const g = await p.$eval('#verdict', (v) => Number(v.dataset.generation));
  if ((await p.$eval('#example', (s) => s.value)) !== example) {
    await p.selectOption('#example', example);
    await verdict(p, g);
  }
  await p.waitForTimeout(200);
}

// The four states: the banner only.
for (const [name, example] of [
  ['accepted', 'github-tag-release'],
  ['warned', 'overbroad-repo-wildcard'],
  ['refused', 'github-environment-branch-pin'],
  ['undecided', 'policy-syntax-error'],
]) {
  const { context, page: p } = await page();
  await pick(p, example);
  await p.locator('#verdict').screenshot({ path: `${out}/state-${name}.png` });
  await context.close();
}

// The editor: the refusal's hint and the lints as diagnostics, one hovered.
{
  const { context, page: p } = await page();
  await pick(p, 'github-environment-branch-pin');
  const editor = p.locator('#policy-editor');
  await editor.scrollIntoViewIfNeeded();
  const squiggle = p.locator('#policy-editor .cm-lintRange-warning, #policy-editor .cm-lintRange-error').first();
  await squiggle.hover();
  await p.waitForSelector('#policy-editor .cm-tooltip-lint');
  await p.waitForTimeout(200);
  const box = await editor.boundingBox();
  await p.screenshot({ path: `${out}/editor-diagnostics.png`, clip: { x: box.x - 8, y: box.y - 40, width: box.width + 80, height: Math.min(box.height + 60, 560) } });
  // The fix, previewed under "What to change" (from the top: the verdict is sticky).
  await p.mouse.move(0, 0);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.waitForTimeout(200);
  await p.locator('#hints .hint-item').first().screenshot({ path: `${out}/fix-preview.png` });
  await context.close();
}

// Another target: Google Cloud refusing another namespace's GitLab pipeline, from the top of
// the page to the end of the trace card (the condition clause by clause).
{
  const { context, page: p } = await page();
  await target(p, 'gcp');
  await pick(p, 'gcp-gitlab-fork-refused');
  await editorReady(p, 'pool-provider');
  await p.waitForSelector('#trace[data-target="gcp"]');
  await p.waitForTimeout(300);
  const trace = await p.locator('#trace').boundingBox();
  await p.screenshot({ path: `${out}/target-gcp.png`, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(trace.y + trace.height + 16) } });
  await context.close();
}

// Another target's generator: the opening token's Google Cloud provider and IAM policy for
// the whole repository, written into empty boxes, with the note and the commands.
{
  const { context, page: p } = await page();
  await target(p, 'gcp');
  for (const id of ['pool-provider', 'iam-policy']) {
    await editorReady(p, id);
    await p.$eval(`#${id}-editor`, (h) => h.oidcEditor.apply(0, h.oidcEditor.text().length, ''));
  }
  await p.selectOption('#write-choice', 'repository');
  const g = await p.$eval('#verdict', (v) => Number(v.dataset.generation));
  await p.click('#write-config');
  await verdict(p, g);
  await p.evaluate(() => window.scrollTo(0, 0));
  await p.waitForTimeout(300);
  const panel = await p.locator('.write-config').boundingBox();
  const box = await p.locator('#pool-provider-editor').boundingBox();
  await p.screenshot({ path: `${out}/target-gcp-written.png`, fullPage: true, clip: { x: 0, y: panel.y - 12, width: 1280, height: Math.ceil(box.y + Math.min(box.height, 260) - panel.y + 24) } });
  await context.close();
}

// A phone: the verdict bar first.
{
  const { context, page: p } = await page({ width: 390, height: 844 });
  await pick(p, 'github-environment-branch-pin');
  await p.screenshot({ path: `${out}/phone-refused.png` });
  await context.close();
}
await browser.close();
