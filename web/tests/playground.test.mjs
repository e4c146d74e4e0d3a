// The playground in a real browser: headless Chromium driven by playwright-core against the
// page served on 127.0.0.1 by `cargo xtask test`. Screenshots go to target/playground/.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { BASE, OUT, b64url, generation, launch, openPage, outsideRequests, verdict } from './helpers.mjs';

const SHOTS = join(OUT, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

let browser;
const opened = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function open(options) {
  const p = await openPage(browser, options);
  opened.push(p);
  return p;
}

// Every test: nothing left 127.0.0.1, and the console stayed clean.
afterEach(async () => {
  while (opened.length) {
    const { context, log } = opened.pop();
    await context.close();
    assert.deepEqual(outsideRequests(log), [], 'requests left the page');
    assert.deepEqual(log.errors, [], 'console errors or warnings');
  }
});

function jwt(claims, signature = '') {
  return `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' }))}.${b64url(JSON.stringify(claims))}.${signature}`;
}

const ISSUED = 1790000000;
const claims = (sub) => ({
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'sts.amazonaws.com',
  sub,
  repository: 'octo/app',
  iat: ISSUED,
  nbf: ISSUED - 300,
  exp: ISSUED + 300,
});

const policyFor = (sub) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': sub },
    },
  }],
}, null, 2);

describe('the playground', () => {
  it('opens on a worked example with its verdict, runs locally and says so', async () => {
    const { page, log } = await open();
    const response = await page.goto(BASE);
    assert.equal(response.status(), 200);
    const v = await verdict(page);
    assert.deepEqual([v.accepted, v.stage, v.word], [true, 'policy', '✓Accepted']);
    assert.equal(await page.$eval('#example', (s) => s.value), 'github-tag-release');
    assert.match(await page.textContent('#local-note'), /Runs locally: nothing is sent/);
    const csp = await page.$eval('meta[http-equiv="Content-Security-Policy"]', (m) => m.content);
    assert.match(csp, /connect-src 'self'/);
    assert.match(csp, /default-src 'none'/);
    // The claims table shows times as dates relative to the evaluation time.
    const exp = await page.textContent('tr[data-claim="exp"] td');
    assert.match(exp, /2026-09-21 14:18:20 UTC/);
    assert.match(exp, /5 min after the evaluation time/);
    assert.match(await page.textContent('tr[data-claim="sub"] td'), /ref\s*refs\/tags\/v1\.4\.0/);
    // The only requests were the page and its own files.
    // Copy buttons put the output on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
    await page.click('#copy-verdict');
    await page.waitForFunction(() => document.querySelector('#copy-verdict').textContent === 'Copied');
    assert.match(await page.evaluate(() => navigator.clipboard.readText()), /^Accepted \(decided at the trust policy stage\)\nAccepted: statement 0 allows sts:AssumeRoleWithWebIdentity/);
    await page.click('#copy-json');
    await page.waitForFunction(() => document.querySelector('#copy-json').textContent === 'Copied');
    assert.equal(JSON.parse(await page.evaluate(() => navigator.clipboard.readText())).accepted, true);
    const paths = log.requests.map((u) => new URL(u).pathname).sort();
    assert.deepEqual(paths, ['/', '/web/boot.js', '/web/pkg/oidc_trust_web.js', '/web/pkg/oidc_trust_web_bg.wasm', '/web/style.css']);
    await page.screenshot({ path: join(SHOTS, 'desktop-light.png'), fullPage: true });
  });

  it('gives every example its verdict', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    // What AWS says for every example, as the examples table (web/src/examples.rs, checked
    // against the core by web/tests/examples.rs) puts it on the menu's options.
    const examples = await page.$$eval('#example option', (os) => os.filter((o) => o.value).map((o) => ({
      id: o.value,
      expected: [o.dataset.accepted, o.dataset.stage, o.dataset.awsError ?? null],
    })));
    assert.ok(examples.length >= 10);
    const ids = examples.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'unique ids');
    const expected = Object.fromEntries(examples.map((e) => [e.id, e.expected]));
    for (const [id, [accepted, stage]] of Object.entries(expected)) {
      assert.match(accepted, /^(true|false)$/, id);
      assert.match(stage, /^[a-z]+$/, id);
    }
    for (const id of [...ids.slice(1), ids[0]]) {
      const before = await generation(page);
      await page.selectOption('#example', id);
      const v = await verdict(page, before);
      const [accepted, stage, code] = expected[id];
      assert.deepEqual([v.accepted, v.stage, v.code], [accepted === 'true', stage, code], id);
      assert.equal(await page.$eval('#example', (s) => s.value), id);
      assert.ok((await page.inputValue('#token')).length > 0, id);
      if (id === 'overbroad-repo-wildcard') {
        const lint = page.locator('.diagnostic.warning[data-code="wildcard-subject"]');
        await lint.locator('summary').click();
        assert.match(await lint.locator('.doc').textContent(), /What it does.*Why is this bad\?/s, 'the lint shows its docs');
      }
      if (id === 'github-environment-branch-pin') {
        await page.screenshot({ path: join(SHOTS, 'refused-near-miss.png'), fullPage: true });
      }
    }
  });

  it('re-evaluates as a token and a policy are typed, without losing keystrokes', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const token = jwt(claims('repo:octo/app:ref:refs/heads/feature/x'), 'c2lnbmF0dXJl');
    await page.fill('#token', '');
    await page.locator('#token').pressSequentially(token);
    assert.equal(await page.inputValue('#token'), token);
    // A signed token draws a credential warning.
    assert.match(await page.textContent('#token-hint'), /live credential/);
    const policy = policyFor('repo:octo/app:ref:refs/heads/main');
    await page.fill('#policy', '');
    await page.locator('#policy').pressSequentially(policy);
    assert.equal(await page.inputValue('#policy'), policy, 'every keystroke is kept');
    let v = await verdict(page);
    assert.deepEqual([v.accepted, v.stage, v.code], [false, 'policy', 'AccessDenied']);
    assert.equal(v.message, 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    // The near miss marks where the token's sub and the policy part ways.
    const found = await page.textContent('.near-miss .nm-found mark.diff');
    const expected = await page.textContent('.near-miss .nm-expected mark.diff');
    assert.deepEqual([found, expected], ['feature/x', 'main']);
    // So does the hint on what to change, with a fix.
    const hint = page.locator('#hints .hint-item').first();
    assert.match(await hint.locator('.hint-fix').textContent(), /^Fix: ./);
    assert.equal(await hint.locator('.nm-found mark.diff').textContent(), 'feature/x');
    // The provider was filled in from the token.
    assert.equal(await page.getAttribute('#issuer', 'placeholder'), 'https://token.actions.githubusercontent.com');
    // Fix the policy by typing: accepted.
    const before = await generation(page);
    await page.fill('#policy', policyFor('repo:octo/app:ref:refs/heads/feature/*'));
    v = await verdict(page, before);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    // A wrong provider URL is refused at the issuer stage.
    const g = await generation(page);
    await page.locator('#issuer').pressSequentially('https://token.actions.githubusercontent.com/acme');
    v = await verdict(page, g);
    assert.deepEqual([v.stage, v.code], ['issuer', 'InvalidIdentityToken']);
    assert.match(v.message, /^No OpenIDConnect provider found in your account for https:\/\/token\.actions\.githubusercontent\.com$/);
  });

  it('marks a condition in the policy text when it is clicked, and points at syntax errors', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    let g = await generation(page);
    await page.selectOption('#example', 'github-environment-branch-pin');
    await verdict(page, g);
    const condition = page.locator('.condition button.locate', { hasText: ':sub' });
    await condition.click();
    assert.equal(await condition.getAttribute('aria-pressed'), 'true');
    const marked = await page.textContent('.backdrop mark.mark-selected');
    assert.match(marked, /^"token\.actions\.githubusercontent\.com:sub": "repo:acme\/widgets:ref:refs\/heads\/main"$/);
    await page.screenshot({ path: join(SHOTS, 'condition-marked.png') });
    // Keyboard: the same button toggles the mark off with Enter.
    await condition.focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.$('.backdrop mark.mark-selected'), null);

    g = await generation(page);
    await page.selectOption('#example', 'policy-syntax-error');
    await verdict(page, g);
    const place = await page.textContent('.diagnostic[data-code="invalid-policy-json"] .place');
    assert.match(place, /^line \d+, column \d+$/);
    assert.ok(await page.$('.backdrop mark.mark-error'));
  });

  it('keeps a very large policy usable', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const statements = Array.from({ length: 200 }, (_, i) => JSON.parse(policyFor(`repo:octo/app${i}:*`)).Statement[0]);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const g = await generation(page);
    // Set the value in one input event (Playwright's fill types it through the editor).
    await page.$eval('#policy', (ta, text) => {
      ta.value = text;
      ta.dispatchEvent(new InputEvent('input', { bubbles: true }));
    }, big);
    const v = await verdict(page, g);
    assert.equal(v.stage, 'policy');
    assert.equal(await page.locator('#trace .statement').count(), 40);
    await page.click('#trace button.more');
    await page.waitForFunction(() => document.querySelectorAll('#trace .statement').length === 200);
    // Typing into it keeps every key.
    await page.focus('#policy');
    await page.$eval('#policy', (ta) => ta.setSelectionRange(1, 1));
    await page.keyboard.type('xyz');
    assert.equal((await page.inputValue('#policy')).slice(0, 4), '{xyz');
  });

  it('writes a policy for the token', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    let g = await generation(page);
    await page.selectOption('#example', 'gitlab-branch-refused');
    let v = await verdict(page, g);
    assert.equal(v.accepted, false);
    g = v.generation;
    await page.click('#generate');
    v = await verdict(page, g);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await page.inputValue('#policy'), /project_path:acme\/widgets:ref_type:branch:ref:feature\/login/);
    assert.match(await page.textContent('#generated-note'), /accepts the token/);
    await page.screenshot({ path: join(SHOTS, 'generated.png'), fullPage: true });
    // The scope menu: the whole repository (no environment claim, so no environment entry).
    const scopes = await page.$$eval('#generate-scope option', (os) => os.map((o) => o.value));
    assert.deepEqual(scopes, ['thisRef', 'repository']);
    await page.selectOption('#generate-scope', 'repository');
    await page.click('#generate');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await page.inputValue('#policy'), /project_path:acme\/widgets:ref_type:branch:ref:\*/);
  });

  it('generates a realistic token from a platform, a repository and an event', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    // The GitLab tag example's policy trusts the tags v* of acme/widgets.
    await page.selectOption('#example', 'gitlab-tag-pipeline');
    v = await verdict(page, v.generation);
    await page.selectOption('#mint-platform', 'gitlab');
    assert.equal(await page.inputValue('#mint-repo'), 'acme/widgets');
    await page.selectOption('#mint-event', 'tag');
    await page.fill('#mint-value', 'v2.0.0');
    await page.click('#mint-token');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    const tag = await page.inputValue('#token');
    assert.match(tag, /^[\w-]+\.[\w-]+\.$/, 'an unsigned compact JWT');
    const claims = JSON.parse(Buffer.from(tag.split('.')[1], 'base64url').toString());
    assert.equal(claims.sub, 'project_path:acme/widgets:ref_type:tag:ref:v2.0.0');
    assert.equal(typeof claims.project_id, 'string');
    assert.equal(typeof claims.runner_id, 'number');
    assert.equal(claims.ref_path, 'refs/tags/v2.0.0');
    assert.equal(await page.$eval('#example', (s) => s.value), '', 'the token is the person\'s own now');
    await page.screenshot({ path: join(SHOTS, 'generated-token.png'), fullPage: true });
    // A merge request from a feature branch: refused, with the near miss.
    await page.selectOption('#mint-event', 'mergeRequest');
    assert.equal(await page.inputValue('#mint-value'), 'feature');
    await page.click('#mint-token');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.code], [false, 'AccessDenied']);
    // Every platform the core knows, each with its own events.
    const platforms = await page.$$eval('#mint-platform option', (os) => os.map((o) => o.value));
    assert.deepEqual(platforms, ['github', 'gitlab', 'circleci', 'bitbucket', 'buildkite', 'terraform', 'eks']);
    await page.selectOption('#mint-platform', 'terraform');
    assert.deepEqual(await page.$$eval('#mint-event option', (os) => os.map((o) => o.value)), ['apply', 'plan']);
    assert.equal(await page.$('#mint-value'), null, 'a run phase takes no value');
    // Input the builder cannot use says why, and leaves the token alone.
    const before = await page.inputValue('#token');
    await page.fill('#mint-repo', 'acme');
    await page.click('#mint-token');
    await page.waitForSelector('#notice');
    assert.match(await page.textContent('#notice'), /Write the workspace as `ORGANISATION\/WORKSPACE`/);
    assert.equal(await page.inputValue('#token'), before);
  });

  it('shares a link without the token, or with it but without its signature', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const token = jwt(claims('repo:octo/app:ref:refs/heads/main'), 'c2lnbmF0dXJl');
    const policy = policyFor('repo:octo/app:*');
    await page.fill('#token', token);
    await page.fill('#policy', policy);
    await page.fill('#client-ids', 'sts.amazonaws.com');
    const v = await verdict(page);
    assert.equal(v.accepted, true);

    const decode = (link) => JSON.parse(Buffer.from(new URL(link).hash.replace(/^#v1=/, ''), 'base64url').toString());
    const plain = await page.inputValue('#share-link');
    assert.ok(plain.startsWith(BASE + '#v1='), plain);
    assert.equal(decode(plain).token, undefined, 'no token unless asked');
    assert.equal(decode(plain).policy, policy);

    await page.check('#share-token');
    const withToken = await page.inputValue('#share-link');
    const stripped = token.replace(/[^.]+$/, '');
    assert.equal(decode(withToken).token, stripped);

    // Follow the link in a fresh browser (no saved state).
    const other = await open();
    await other.page.goto(withToken);
    const w = await verdict(other.page);
    assert.equal(w.accepted, true);
    assert.equal(await other.page.inputValue('#token'), stripped);
    assert.equal(await other.page.inputValue('#policy'), policy);
    assert.equal(await other.page.inputValue('#client-ids'), 'sts.amazonaws.com');
    assert.equal(new URL(other.page.url()).hash, '', 'the fragment is cleared once read');

    // A link opened while the page is open loads too.
    await other.page.fill('#policy', '{}');
    const g = (await verdict(other.page, w.generation)).generation;
    await other.page.goto(plain);
    const x = await verdict(other.page, g);
    assert.equal(await other.page.inputValue('#policy'), policy);
    assert.equal(await other.page.inputValue('#token'), stripped, 'a link without a token keeps the one on screen');
    assert.match(await other.page.textContent('#notice'), /no token/);
    assert.equal(x.accepted, true);

    // A damaged link says so.
    await other.page.goto(BASE + '#v1=@@@');
    await other.page.waitForSelector('#notice');
    assert.match(await other.page.textContent('#notice'), /damaged/);
  });

  it('keeps the inputs in localStorage (without the signature) and shows storage errors', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const token = jwt(claims('repo:octo/app:ref:refs/heads/main'), 'c2lnbmF0dXJl');
    await page.fill('#token', token);
    await page.fill('#account', '111122223333');
    await verdict(page);
    await page.waitForFunction(() => localStorage.getItem('oidc-trust.playground.v1')?.includes('111122223333'));
    const saved = JSON.parse(await page.evaluate(() => localStorage.getItem('oidc-trust.playground.v1')));
    assert.equal(saved.token, token.replace(/[^.]+$/, ''));
    await page.reload();
    await verdict(page);
    assert.equal(await page.inputValue('#account'), '111122223333');

    const broken = await open();
    await broken.page.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await broken.page.goto(BASE);
    await verdict(broken.page);
    await broken.page.waitForSelector('#notice');
    assert.match(await broken.page.textContent('#notice'), /could not save the inputs: The quota has been exceeded/);
  });

  it('evaluates at the token iat by default, and now on request', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    assert.match(await page.textContent('#time-used'), /2026-09-21 14:13:20 UTC/);
    const g = await generation(page);
    await page.check('#time-now');
    const v = await verdict(page, g);
    const expired = Date.now() / 1000 > ISSUED + 600;
    assert.equal(v.stage, expired ? 'expiry' : 'policy');
    const g2 = await generation(page);
    await page.check('#time-at');
    await page.fill('#at', '2026-09-21T14:20:00Z');
    const w = await verdict(page, g2);
    assert.deepEqual([w.accepted, w.stage], [true, 'policy'], 'within the five-minute grace');
  });

  it('keeps the call section closed by default and checks a typed session name as STS does', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    assert.equal(await page.$eval('#context', (d) => d.open), false, 'closed by default');
    assert.match(await page.textContent('#context-status'), /nothing given/);
    // Nothing given: the call and RCP stages say they were not checked.
    assert.match(await page.getAttribute('.stage[data-stage="rcp"]', 'class'), /not-checked/);
    assert.match(await page.textContent('.stage[data-stage="rcp"]'), /not checked/);
    await page.locator('.inputs').screenshot({ path: join(SHOTS, 'call-section-closed.png') });

    await page.click('#context > summary');
    await page.waitForFunction(() => document.querySelector('#context').open);
    await page.locator('#session-name').pressSequentially('a');
    assert.equal(await page.inputValue('#session-name'), 'a');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage, v.code], [false, 'call', 'ValidationError']);
    assert.equal(v.message, "1 validation error detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
    assert.match(await page.getAttribute('.stage[data-stage="call"]', 'class'), /failed/);
    assert.match(await page.getAttribute('.stage[data-stage="policy"]', 'class'), /not-reached/);

    // A number that cannot be read is named under its field, not dropped silently.
    await page.locator('#session-name').pressSequentially('bc');
    await page.locator('#duration').pressSequentially('1h');
    await page.waitForSelector('#duration-error');
    assert.match(await page.textContent('#duration-error'), /^Duration seconds: 1h is not a whole number of seconds; it is left out until it can be read\.$/);
    assert.equal(await page.getAttribute('#duration', 'aria-invalid'), 'true');
    assert.match(await page.textContent('#context-status'), /1 cannot be read/);
    v = await verdict(page);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    await page.locator('#context').screenshot({ path: join(SHOTS, 'call-section-open.png') });

    // The inputs are kept (localStorage), and a page that opens with them opens the section.
    await page.waitForFunction(() => localStorage.getItem('oidc-trust.playground.v1')?.includes('"duration":"1h"'));
    await page.reload();
    await verdict(page);
    assert.equal(await page.$eval('#context', (d) => d.open), true);
    assert.equal(await page.inputValue('#session-name'), 'abc');
    assert.equal(await page.inputValue('#duration'), '1h');
  });

  it('refuses at the RCP stage, names the RCP, and marks its statements in its editor', async () => {
    const { page } = await open();
    await page.goto(BASE);
    const g = (await verdict(page)).generation;
    await page.selectOption('#example', 'rcp-other-organisation');
    const v = await verdict(page, g);
    assert.deepEqual([v.accepted, v.stage, v.code], [false, 'rcp', 'AccessDenied']);
    assert.equal(await page.$eval('#context', (d) => d.open), true, 'the example opens the section');
    assert.match(await page.textContent('#summary'), /GitHub-Actions/);
    assert.match(await page.getAttribute('.stage[data-stage="rcp"]', 'class'), /failed/);
    assert.match(await page.getAttribute('.stage[data-stage="policy"]', 'class'), /passed/);
    assert.equal(await page.inputValue('#rcp-name-0'), 'GitHub-Actions');
    assert.equal(await page.textContent('#rcp-traces .rcp-trace h3'), 'RCP 1 · GitHub-Actions');
    assert.match(await page.textContent('#rcp-traces .trace-decision'), /sts:AssumeRoleWithWebIdentity is explicitly denied/);
    // The hint points at the denying statement, by RCP and line.
    const place = page.locator('#hints .hint-item[data-code="rcp-deny"] button.place');
    assert.equal(await place.textContent(), 'RCP 1, line 4');
    await place.click();
    assert.match(await page.textContent('.rcp[data-editor="0"] .backdrop mark.mark-selected'), /^\{\s*"Effect": "Deny"/);
    // Selecting an RCP condition in the trace marks it in that RCP's text, not the policy's.
    const condition = page.locator('#rcp-traces .condition button.locate', { hasText: 'StringNotLikeIfExists' });
    await condition.click();
    assert.equal(await condition.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.textContent('.rcp[data-editor="0"] .backdrop mark.mark-selected'), '"token.actions.githubusercontent.com:sub": "repo:acme/*"');
    assert.equal(await page.$(".editor:has(#policy) .backdrop mark"), null);
    await page.screenshot({ path: join(SHOTS, 'rcp-example.png'), fullPage: true });

    // A second RCP, broken: its error is placed in its own editor.
    await page.click('#add-rcp');
    await page.fill('#rcp-1', '{"Version": "2012-10-17",}');
    await page.waitForSelector('.diagnostic[data-code="invalid-policy-json"]');
    assert.match(await page.textContent('.diagnostic[data-code="invalid-policy-json"] .place'), /^RCP 2, line 1, column \d+$/);
    assert.ok(await page.$('.rcp[data-editor="1"] .backdrop mark.mark-error'));
  });

  it('shows a built-in provider as needing no IAM OIDC provider', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let g = (await verdict(page)).generation;
    await page.selectOption('#example', 'google-service-account');
    const v = await verdict(page, g);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await page.textContent('#built-in-note'), /^Google is built into AWS: no IAM OIDC provider, no client-id list; the trust policy must pin the audience \(accounts\.google\.com:aud\)\. Recognised from the token's iss\.$/);
    assert.equal(await page.$('#client-ids'), null, 'no client-id list to type');
    assert.equal(await page.$eval('#provider-kind', (s) => s.value), 'google');
    assert.match(await page.textContent('.stage[data-stage="issuer"]'), /built-in providers \(Google\)/);
    // The condition keys say where each value comes from, unknown and assumed ones marked.
    await page.click('.keys summary');
    await page.waitForSelector('.keys-table');
    assert.equal(await page.textContent('.keys-table tr:has(code:text-is("accounts.google.com:aud")) .badge'), 'token');
    assert.equal(await page.textContent('.keys-table tr:has(code:text-is("aws:SourceIp")) .badge'), 'unknown');
    assert.equal(await page.textContent('.keys-table tr:has(code:text-is("aws:RequestedRegion")) .badge'), 'assumed');
    assert.ok(await page.$('.keys-table tr.unknown'));
    await page.locator('.provider').screenshot({ path: join(SHOTS, 'google-built-in.png') });

    // Picked explicitly: a Facebook access token is its claims, sent with ProviderId.
    g = await generation(page);
    await page.selectOption('#provider-kind', 'facebook');
    await verdict(page, g);
    assert.match(await page.textContent('#token-hint'), /Facebook access tokens are opaque/);
    assert.match(await page.textContent('#built-in-note'), /ProviderId graph\.facebook\.com/);
    assert.equal(await page.$('#issuer'), null);
    g = await generation(page);
    await page.fill('#token', '{"app_id": "111", "id": "222"}');
    await page.fill('#policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'graph.facebook.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'graph.facebook.com:app_id': '111' } } }] }, null, 2));
    const w = await verdict(page, g);
    assert.deepEqual([w.accepted, w.stage], [true, 'policy']);
  });

  it('is reachable by keyboard, labelled, and fits a phone and a dark theme', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    // Every form control has a label.
    const unlabelled = await page.$$eval('input, textarea, select', (els) =>
      els.filter((e) => !(e.labels?.length || e.getAttribute('aria-label'))).map((e) => e.id || e.outerHTML));
    assert.deepEqual(unlabelled, []);
    // Tab reaches the inputs, the trace and the share controls.
    const seen = new Set();
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      seen.add(await page.evaluate(() => {
        const e = document.activeElement;
        return e.id || (e.classList.contains('locate') ? 'locate' : e.className || e.tagName);
      }));
    }
    for (const id of ['example', 'token', 'mint-platform', 'mint-token', 'issuer', 'client-ids', 'account', 'time-iat', 'policy', 'copy-verdict', 'locate', 'share-token', 'copy-link']) {
      assert.ok(seen.has(id), `Tab reaches ${id}: ${[...seen].join(' ')}`);
    }

    const phone = await open({ viewport: { width: 390, height: 844 } });
    await phone.page.goto(BASE);
    await verdict(phone.page);
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling on a phone (${overflow}px)`);
    await phone.page.screenshot({ path: join(SHOTS, 'phone.png'), fullPage: true });
    // With the call section open and an RCP in it, still no sideways scrolling.
    const pg = await generation(phone.page);
    await phone.page.selectOption('#example', 'rcp-other-organisation');
    await verdict(phone.page, pg);
    const rcpOverflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(rcpOverflow <= 0, `no sideways scrolling with the RCP example (${rcpOverflow}px)`);
    await phone.page.screenshot({ path: join(SHOTS, 'phone-rcp.png'), fullPage: true });

    const dark = await open({ colorScheme: 'dark' });
    await dark.page.goto(BASE);
    await verdict(dark.page);
    const g = await generation(dark.page);
    await dark.page.selectOption('#example', 'immutable-subject');
    await verdict(dark.page, g);
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(14, 17, 22)');
    await dark.page.screenshot({ path: join(SHOTS, 'desktop-dark.png'), fullPage: true });
  });
});
