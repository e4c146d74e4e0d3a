// Screenshots of every verdict state on desktop and phone, for looking at (and for the
// README's web/screenshots/). Run by hand: PLAYGROUND_URL=... node shots.mjs OUTDIR
import { launch, openPage, verdict } from './helpers.mjs';

const out = process.argv[2] ?? '/tmp/ux-shots';
const base = process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:8080/';
const browser = await launch();
const cases = [
  ['accepted', 'github-tag-release'],
  ['warned', 'overbroad-repo-wildcard'],
  ['refused', 'github-environment-branch-pin'],
  ['undecided', 'policy-syntax-error'],
];
for (const [name, example] of cases) {
  for (const [device, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
    const { context, page, log } = await openPage(browser, { viewport });
    await page.goto(base);
    await verdict(page);
    await page.selectOption('#example', example);
    await page.waitForSelector('#policy-editor[data-ready="true"]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/${name}-${device}.png` });
    if (log.errors.length) console.log(name, device, log.errors);
    await context.close();
  }
}
await browser.close();
