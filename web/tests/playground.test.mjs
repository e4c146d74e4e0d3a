// The playground in a real browser: headless Chromium driven by playwright-core against the
// page served on 127.0.0.1 by `cargo xtask test`. Screenshots go to target/playground/.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import {
  BASE, OUT, b64url, editorDiagnostics, editorReady, editorSelection, editorText, generation, launch,
  openPage, outsideRequests, setEditor, shareLink, typeEditor, verdict,
} from './helpers.mjs';

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

// Every test: nothing left 127.0.0.1, the console stayed clean, and the page's CSP was
// never violated (the editor's styles go through adoptedStyleSheets in its shadow root).
afterEach(async () => {
  while (opened.length) {
    const { context, log, page } = opened.pop();
    const csp = await page.evaluate(() => window.__cspViolations).catch(() => []);
    await context.close();
    assert.deepEqual(csp, [], 'Content-Security-Policy violations');
    assert.deepEqual(outsideRequests(log), [], 'requests left the page');
    assert.deepEqual(log.errors, [], 'console errors or warnings');
  }
});

/** The inputs a share link carries (`#v2=`: base64url of raw DEFLATE of their JSON). */
function decodeLink(link) {
  const hash = new URL(link).hash;
  assert.ok(hash.startsWith('#v2='), hash);
  return JSON.parse(inflateRawSync(Buffer.from(hash.slice(4), 'base64url')).toString());
}

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
    assert.match(await page.textContent('#local-note'), /Runs locally: nothing you paste leaves this page/);
    // The privacy note is a quiet line in the header, not a box competing with the verdict.
    const note = await page.$eval('#local-note', (n) => {
      const st = getComputedStyle(n);
      return { inHeader: n.closest('header') !== null, background: st.backgroundColor, border: st.borderTopWidth };
    });
    assert.deepEqual(note, { inHeader: true, background: 'rgba(0, 0, 0, 0)', border: '0px' });
    // Matched principal and action rows of the trace are one line each.
    await page.waitForSelector('#trace li.check.folded');
    const rows = await page.$$eval('#trace li.check.folded', (ls) => ls.map((l) => ({ text: l.textContent, height: l.getBoundingClientRect().height })));
    assert.ok(rows.length >= 2, JSON.stringify(rows));
    for (const r of rows) assert.ok(r.height < 30, `one line: ${JSON.stringify(r)}`);
    assert.match(rows.map((r) => r.text).join(' '), /Principal matched arn:aws:iam::123456789012:oidc-provider\/token\.actions\.githubusercontent\.com/);
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
    await editorReady(page);
    const loaded = log.requests.map((u) => new URL(u).pathname).sort();
    assert.deepEqual(loaded, ['/', '/web/boot.js', '/web/editor.bundle.js', '/web/pkg/oidc_trust_web.js', '/web/pkg/oidc_trust_web_bg.wasm', '/web/style.css']);
    assert.deepEqual(paths.filter((p) => p !== '/web/editor.bundle.js'), ['/', '/web/boot.js', '/web/pkg/oidc_trust_web.js', '/web/pkg/oidc_trust_web_bg.wasm', '/web/style.css']);
    await page.screenshot({ path: join(SHOTS, 'desktop-light.png'), fullPage: true });
    // A lint's page is read from core/docs/lints/ beside the page when it is first opened.
    await page.click('.diag-docs summary');
    await page.waitForFunction(() => /What it does/.test(document.querySelector('.diag-docs')?.textContent ?? ''));
    assert.ok(log.requests.some((u) => new URL(u).pathname === '/core/docs/lints/classic-github-subject.md'));
  });

  it('gives every example its verdict', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    // What AWS says for every example, as the examples table (web/src/examples.rs, checked
    // against the core by web/tests/examples.rs) puts it on the menu's options.
    const examples = await page.$$eval('#example option', (os) => os.filter((o) => o.value).map((o) => ({
      id: o.value,
      expected: [o.dataset.accepted, o.dataset.stage, o.dataset.error ?? null],
    })));
    assert.ok(examples.length >= 10);
    const ids = examples.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, 'unique ids');
    const expected = Object.fromEntries(examples.map((e) => [e.id, e.expected]));
    for (const [id, [accepted, stage]] of Object.entries(expected)) {
      assert.match(accepted, /^(true|false)$/, id);
      assert.match(stage, /^[a-z][a-zA-Z]*$/, id);
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
    // A signed token draws a credential warning (once the page has rendered the last key).
    await page.waitForFunction(() => /live credential/.test(document.querySelector('#token-hint').textContent));
    assert.match(await page.textContent('#token-hint'), /live credential/);
    // One line: the editor indents new lines itself, as editors do.
    const policy = JSON.stringify(JSON.parse(policyFor('repo:octo/app:ref:refs/heads/main')));
    await typeEditor(page, policy);
    assert.equal(await editorText(page), policy, 'every keystroke is kept');
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
    await setEditor(page, policyFor('repo:octo/app:ref:refs/heads/feature/*'));
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
    // The cursor goes there: the editor selects the condition and has the focus.
    const text = await editorText(page);
    const sel = await editorSelection(page);
    assert.match(text.slice(sel.from, sel.to), /^"token\.actions\.githubusercontent\.com:sub": "repo:acme\/widgets:ref:refs\/heads\/main"$/);
    assert.equal(sel.focused, true);
    await page.screenshot({ path: join(SHOTS, 'condition-marked.png') });
    // Keyboard: the same button toggles the mark off with Enter.
    await condition.focus();
    await page.keyboard.press('Enter');
    assert.equal(await condition.getAttribute('aria-pressed'), 'false');

    g = await generation(page);
    await page.selectOption('#example', 'policy-syntax-error');
    await verdict(page, g);
    const place = await page.textContent('.diagnostic[data-code="invalid-policy-json"] .place');
    assert.match(place, /^line \d+, column \d+$/);
    const diagnostics = await editorDiagnostics(page);
    assert.ok(diagnostics.some((d) => d.severity === 'error' && d.source === 'invalid-policy-json'), JSON.stringify(diagnostics));
  });

  it('keeps a very large policy usable', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const statements = Array.from({ length: 200 }, (_, i) => JSON.parse(policyFor(`repo:octo/app${i}:*`)).Statement[0]);
    const big = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
    const g = await generation(page);
    await setEditor(page, big);
    const v = await verdict(page, g);
    assert.equal(v.stage, 'policy');
    assert.equal(await page.locator('#trace .statement').count(), 40);
    await page.click('#trace button.more');
    await page.waitForFunction(() => document.querySelectorAll('#trace .statement').length === 200);
    // Typing into it keeps every key.
    await page.$eval('#policy-editor', (h) => h.oidcEditor.select(1, 1));
    await page.keyboard.type('xyz');
    assert.equal((await editorText(page)).slice(0, 4), '{xyz');
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
    const before = await editorText(page);
    await page.click('#generate');
    v = await verdict(page, g);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await editorText(page), /project_path:acme\/widgets:ref_type:branch:ref:feature\/login/);
    assert.match(await page.textContent('#generated-note'), /accepts the token/);
    // It went through the editor's history: Ctrl+Z brings the person's policy back.
    await page.click('#policy-editor .cm-content');
    await page.keyboard.press('Control+z');
    v = await verdict(page, v.generation);
    assert.equal(await editorText(page), before);
    assert.equal(v.accepted, false);
    await page.keyboard.press('Control+Shift+z');
    v = await verdict(page, v.generation);
    assert.equal(v.accepted, true);
    await page.screenshot({ path: join(SHOTS, 'generated.png'), fullPage: true });
    // The scope menu: the whole repository (no environment claim, so no environment entry).
    const scopes = await page.$$eval('#generate-scope option', (os) => os.map((o) => o.value));
    assert.deepEqual(scopes, ['thisRef', 'repository']);
    await page.selectOption('#generate-scope', 'repository');
    await page.click('#generate');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await editorText(page), /project_path:acme\/widgets:ref_type:branch:ref:\*/);
    // A tag pipeline gets the tag-pattern scope too, as the CLI has it.
    await page.selectOption('#example', 'gitlab-tag-pipeline');
    v = await verdict(page, v.generation);
    assert.deepEqual(await page.$$eval('#generate-scope option', (os) => os.map((o) => o.value)), ['thisRef', 'tagPattern', 'repository']);
    await page.selectOption('#generate-scope', 'tagPattern');
    await page.fill('#generate-pattern', 'v1.*');
    await page.click('#generate');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    assert.match(await editorText(page), /project_path:acme\/widgets:ref_type:tag:ref:v1\.\*/);
  });

  it('adds the written statement after the policy\'s own, undoably', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    const g = v.generation;
    await page.selectOption('#example', 'gitlab-branch-refused');
    v = await verdict(page, g);
    assert.equal(v.accepted, false);
    const before = await editorText(page);
    await page.click('#generate-add');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.accepted, v.stage], [true, 'policy']);
    const after = await editorText(page);
    const statements = (t) => JSON.parse(t).Statement.length;
    assert.equal(statements(after), statements(before) + 1);
    // The person's statements are kept as typed, the new one after them.
    const kept = before.slice(0, before.lastIndexOf(']'));
    assert.ok(after.startsWith(kept.trimEnd()), after);
    assert.match(after, /project_path:acme\/widgets:ref_type:branch:ref:feature\/login/);
    assert.match(await page.textContent('#generated-note'), /added after your statements/);
    await page.click('#policy-editor .cm-content');
    await page.keyboard.press('Control+z');
    v = await verdict(page, v.generation);
    assert.equal(await editorText(page), before);
    // Twice: nothing new to add, and the notice says so.
    await page.click('#generate-add');
    await page.click('#generate-add');
    await page.waitForFunction(() => /already has the written statements/.test(document.body.textContent));
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
    await setEditor(page, policy);
    await page.fill('#client-ids', 'sts.amazonaws.com');
    const v = await verdict(page);
    assert.equal(v.accepted, true);

    const plain = await shareLink(page, (l) => decodeLink(l).policy === policy);
    assert.ok(plain.startsWith(BASE + '#v2='), plain);
    // Compressed: about half the length of the same JSON in base64url (the v1 links).
    const json = JSON.stringify(decodeLink(plain));
    assert.ok(new URL(plain).hash.length < Buffer.from(json).toString('base64url').length * 0.6, `${new URL(plain).hash.length} against ${Buffer.from(json).toString('base64url').length}`);
    const decode = decodeLink;
    assert.equal(decode(plain).token, undefined, 'no token unless asked');
    assert.equal(decode(plain).policy, policy);

    await page.check('#share-token');
    const withToken = await shareLink(page, (l) => decodeLink(l).token !== undefined);
    const stripped = token.replace(/[^.]+$/, '');
    assert.equal(decode(withToken).token, stripped);

    // Follow the link in a fresh browser (no saved state).
    const other = await open();
    await other.page.goto(withToken);
    const w = await verdict(other.page);
    assert.equal(w.accepted, true);
    assert.equal(await other.page.inputValue('#token'), stripped);
    assert.equal(await editorText(other.page), policy);
    assert.equal(await other.page.inputValue('#client-ids'), 'sts.amazonaws.com');
    assert.equal(new URL(other.page.url()).hash, '', 'the fragment is cleared once read');

    // A link opened while the page is open loads too.
    await setEditor(other.page, '{}');
    const g = (await verdict(other.page, w.generation)).generation;
    await other.page.goto(plain);
    const x = await verdict(other.page, g);
    assert.equal(await editorText(other.page), policy);
    assert.equal(await other.page.inputValue('#token'), stripped, 'a link without a token keeps the one on screen');
    assert.match(await other.page.textContent('#notice'), /no token/);
    assert.equal(x.accepted, true);

    // A damaged link says so.
    await other.page.goto(BASE + '#v2=@@@');
    await other.page.waitForSelector('#notice');
    assert.match(await other.page.textContent('#notice'), /damaged/);

    // Links written before compression (v1: the JSON in base64url) still open.
    const old = await open();
    await old.page.goto(`${BASE}#v1=${Buffer.from(json).toString('base64url')}`);
    await verdict(old.page);
    assert.equal(await editorText(old.page), policy);
  });

  it('keeps the inputs in localStorage, the token only when asked (without the signature), forgets them on Clear, and shows storage errors', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    const token = jwt(claims('repo:octo/app:ref:refs/heads/main'), 'c2lnbmF0dXJl');
    await page.fill('#token', token);
    await page.fill('#account', '111122223333');
    await verdict(page);
    await page.waitForFunction(() => localStorage.getItem('oidc-trust.playground.v1')?.includes('111122223333'));
    let saved = JSON.parse(await page.evaluate(() => localStorage.getItem('oidc-trust.playground.v1')));
    assert.equal(saved.token, undefined, 'the token is not stored unless asked');
    await page.check('#remember-token');
    await page.waitForFunction(() => localStorage.getItem('oidc-trust.playground.v1')?.includes('rememberToken'));
    saved = JSON.parse(await page.evaluate(() => localStorage.getItem('oidc-trust.playground.v1')));
    assert.equal(saved.token, token.replace(/[^.]+$/, ''), 'asked: stored without its signature');
    await page.reload();
    await verdict(page);
    assert.equal(await page.inputValue('#account'), '111122223333');
    assert.equal(await page.inputValue('#token'), token.replace(/[^.]+$/, ''));
    // Clear empties every box and forgets what was stored.
    await page.click('#clear');
    await page.waitForFunction(() => document.querySelector('#token').value === '');
    assert.equal(await page.inputValue('#account'), '');
    assert.equal(await editorText(page), '');
    await page.waitForFunction(() => !localStorage.getItem('oidc-trust.playground.v1')?.includes('111122223333'));
    const v = await verdict(page);
    assert.equal(v.state, 'undecided');
    await page.reload();
    await verdict(page);
    assert.equal(await page.inputValue('#token'), '');

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
    assert.match(await page.textContent('#headline'), /GitHub-Actions/);
    assert.match(await page.getAttribute('.stage[data-stage="rcp"]', 'class'), /failed/);
    assert.match(await page.getAttribute('.stage[data-stage="policy"]', 'class'), /passed/);
    assert.equal(await page.inputValue('#rcp-name-0'), 'GitHub-Actions');
    assert.equal(await page.textContent('#rcp-traces .rcp-trace h3'), 'RCP 1 · GitHub-Actions');
    assert.match(await page.textContent('#rcp-traces .trace-decision'), /sts:AssumeRoleWithWebIdentity is explicitly denied/);
    // The hint points at the denying statement, by RCP and line.
    const place = page.locator('#hints .hint-item[data-code="rcp-deny"] button.place');
    assert.equal(await place.textContent(), 'RCP 1, line 4');
    await place.click();
    const rcp = await editorText(page, 'rcp-0');
    let sel = await editorSelection(page, 'rcp-0');
    assert.match(rcp.slice(sel.from, sel.to), /^\{\s*"Effect": "Deny"/);
    assert.equal(sel.focused, true);
    // Selecting an RCP condition in the trace selects it in that RCP's editor.
    const condition = page.locator('#rcp-traces .condition button.locate', { hasText: 'StringNotLikeIfExists' });
    await condition.click();
    assert.equal(await condition.getAttribute('aria-pressed'), 'true');
    sel = await editorSelection(page, 'rcp-0');
    assert.equal(rcp.slice(sel.from, sel.to), '"token.actions.githubusercontent.com:sub": "repo:acme/*"');
    await page.screenshot({ path: join(SHOTS, 'rcp-example.png'), fullPage: true });

    // A second RCP, broken: its error is placed in its own editor.
    await page.click('#add-rcp');
    await setEditor(page, '{"Version": "2012-10-17",}', 'rcp-1');
    await page.waitForSelector('.diagnostic[data-code="invalid-policy-json"]');
    assert.match(await page.textContent('.diagnostic[data-code="invalid-policy-json"] .place'), /^RCP 2, line 1, column \d+$/);
    const d = await editorDiagnostics(page, 'rcp-1');
    assert.ok(d.some((x) => x.source === 'invalid-policy-json'), JSON.stringify(d));
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
    await setEditor(page, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'graph.facebook.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'graph.facebook.com:app_id': '111' } } }] }, null, 2));
    const w = await verdict(page, g);
    assert.deepEqual([w.accepted, w.stage], [true, 'policy']);
  });

  it('is reachable by keyboard, labelled, and fits a phone and a dark theme', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    await editorReady(page);
    // Every form control has a label; the editor's text box too.
    assert.ok(await page.$eval('#policy-editor', (h) => h.shadowRoot.querySelector('.cm-content').getAttribute('aria-label')));
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
    for (const id of ['clear', 'example', 'token', 'remember-token', 'mint-platform', 'mint-token', 'issuer', 'client-ids', 'account', 'time-iat', 'policy-editor', 'copy-verdict', 'locate', 'share-token', 'copy-link']) {
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
  it('shows each of the four states, never an AWS error for what it could not read, and Go to line moves the cursor', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    assert.equal(v.state, 'accepted');
    assert.match(v.headline, /^AWS would return temporary credentials/);
    assert.equal(await page.$eval('#verdict h2', (h) => h.id), 'verdict-title', 'the verdict is a heading');
    await page.selectOption('#example', 'overbroad-repo-wildcard');
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'warned');
    assert.match(v.headline, /^Accepted, but it also admits tokens it probably should not: .*trusts other repositories/);
    assert.equal(await page.$('#cloud-error'), null);
    await page.screenshot({ path: join(SHOTS, 'state-warned.png') });
    await page.selectOption('#example', 'github-environment-branch-pin');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.state, v.code], ['refused', 'AccessDenied']);
    assert.doesNotMatch(v.headline, /: statement \d/, 'one sentence, not a chain');
    await page.selectOption('#example', 'policy-syntax-error');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.state, v.code], ['undecided', null], 'no AWS error for a policy that cannot be read');
    assert.match(v.headline, /^The trust policy is not JSON: .* at line 10 column 7\.$/);
    await page.screenshot({ path: join(SHOTS, 'state-undecided.png') });
    // Go to line 10: the cursor lands on the error, in the editor, with the focus.
    await editorReady(page);
    await page.click('#goto-error');
    const text = await editorText(page);
    const sel = await editorSelection(page);
    assert.equal(sel.focused, true);
    assert.equal(text.slice(0, sel.from).split('\n').length, 10);
    // A pasted token that is not one: undecided, the problem named, no InvalidIdentityToken.
    await page.fill('#token', '{"Version": "2012-10-17", "Statement": []}');
    v = await verdict(page, v.generation);
    assert.deepEqual([v.state, v.code], ['undecided', null]);
    assert.match(v.headline, /^This looks like a trust policy, not a token: paste it in the policy box/);
    // An empty policy: undecided, saying what to paste.
    await page.fill('#token', jwt(claims('repo:octo/app:ref:refs/heads/main')));
    await setEditor(page, '');
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided');
    assert.match(v.headline, /^No trust policy yet/);
    assert.match(await page.$eval('#policy-editor', (h) => h.shadowRoot.querySelector('.cm-placeholder')?.textContent ?? ''), /aws iam get-role --role-name NAME --query Role\.AssumeRolePolicyDocument/);
  });

  it('keeps the last trace, dimmed and labelled, while the policy does not parse, and the results column in place', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    await editorReady(page);
    const height = await page.$eval('.outputs', (o) => o.getBoundingClientRect().height);
    const text = await editorText(page);
    // Delete the last brace, as happens mid-edit.
    await setEditor(page, text.replace(/\}\s*$/, ''));
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided');
    assert.match(await page.textContent('#stale-trace .stale-label'), /last version of the policy that parsed/);
    assert.ok(await page.$('#stale-trace .statement'), 'the old trace is there');
    const broken = await page.$eval('.outputs', (o) => o.getBoundingClientRect().height);
    assert.ok(broken > height * 0.8, `the column keeps its height (${height} -> ${broken})`);
    await page.screenshot({ path: join(SHOTS, 'stale-trace.png'), fullPage: true });
    await setEditor(page, text);
    v = await verdict(page, v.generation);
    assert.equal(await page.$('#stale-trace'), null);
  });

  it('puts every finding in the editor, applies a fix with a preview, and undoes it, under the page CSP', async () => {
    const { page, log } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    await page.selectOption('#example', 'github-environment-branch-pin');
    v = await verdict(page, v.generation);
    await editorReady(page);
    // The editor lives in a shadow root and styles it through adoptedStyleSheets: the
    // page's `style-src 'self'` stays, and no violation is logged (afterEach checks).
    assert.ok(await page.$eval('#policy-editor', (h) => h.shadowRoot.adoptedStyleSheets.length > 0));
    assert.equal(await page.$$eval('style', (s) => s.length), 0, 'no inline <style> in the document');
    assert.ok(await page.$('#policy-editor .cm-lineNumbers'), 'line numbers');
    assert.ok(await page.$('#policy-editor .cm-lineWrapping'), 'soft wrap');
    const diagnostics = await editorDiagnostics(page);
    const text = await editorText(page);
    const hint = diagnostics.find((d) => d.source === 'environment-subject');
    assert.ok(hint, JSON.stringify(diagnostics));
    assert.match(text.slice(hint.from, hint.to), /^"token\.actions\.githubusercontent\.com:sub": "repo:acme\/widgets:ref:refs\/heads\/main"$/);
    assert.ok(diagnostics.some((d) => d.source === 'classic-github-subject'), 'lints too');
    const item = page.locator('#hints .hint-item[data-code="environment-subject"]');
    // "line N" on the hint puts the editor's cursor on the hint's place, with the focus.
    assert.match(await item.locator('button.place').first().textContent(), /^line \d+$/);
    await item.locator('button.place').first().click();
    const sel = await editorSelection(page);
    assert.equal(sel.focused, true);
    assert.equal(text.slice(sel.from, sel.to), text.slice(hint.from, hint.to));
    // The fix: a preview of the line, then Apply.
    assert.match(await item.locator('.preview-line.removed').textContent(), /"repo:acme\/widgets:ref:refs\/heads\/main"$/);
    assert.match(await item.locator('.preview-line.added').textContent(), /\["repo:acme\/widgets:ref:refs\/heads\/main", "repo:acme\/widgets:environment:production"\]$/);
    await item.locator('button.apply').click();
    v = await verdict(page, v.generation);
    assert.deepEqual([v.state, v.stage], ['accepted', 'policy']);
    assert.match(await editorText(page), /"repo:acme\/widgets:environment:production"/);
    await page.screenshot({ path: join(SHOTS, 'fix-applied.png') });
    // Ctrl+Z in the editor takes it back.
    await page.keyboard.press('Control+z');
    v = await verdict(page, v.generation);
    assert.equal(await editorText(page), text);
    assert.equal(v.state, 'refused');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
  });

  it('works with the textarea when the editor cannot load', async () => {
    const { page, context } = await open();
    await context.route('**/editor.bundle.js', (r) => r.abort());
    await page.goto(BASE);
    let v = await verdict(page);
    await page.waitForFunction(() => document.documentElement.dataset.editor === 'textarea');
    await page.selectOption('#example', 'github-environment-branch-pin');
    v = await verdict(page, v.generation);
    await page.locator('#hints .hint-item button.place').first().click();
    assert.ok(await page.$('.backdrop mark.mark-selected'));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'policy', 'the cursor is in the textarea');
    await page.locator('#hints .hint-item button.apply').click();
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'accepted');
    await page.keyboard.press('Control+z');
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'refused', 'the textarea\'s own undo takes the fix back');
    // The failed load of the bundle is the only error, and it is the test's doing.
    const { log } = opened.at(-1);
    log.errors = log.errors.filter((e) => !/editor\.bundle\.js|ERR_FAILED/.test(e));
  });

  it('mounts an editor whose module arrives between its first render and its effect', async () => {
    // Yew's scheduler yields to the browser between a render and its effects once a run has
    // taken 16 ms (a slow machine); the editor module's load event can come in that gap.
    // Here it does every time: the RCP editor's host gets its id, the clock jumps 20 ms, and
    // the module (imported early, under another URL) is announced before the effects run.
    const { page, context } = await open();
    await context.route('**/editor.bundle.js', () => {}); // boot.js's own import never ends
    await page.addInitScript(() => {
      let module = null;
      import('/web/editor.bundle.js?early').then((m) => { module = m; });
      const now = Date.now;
      let offset = 0;
      Date.now = () => now() + offset;
      const setAttribute = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (name, value) {
        if (name === 'id' && value === 'rcp-0-editor' && offset === 0 && module) {
          offset = 20;
          window.__raced = true;
          Promise.resolve().then(() => {
            window.oidcTrustEditor = module;
            window.dispatchEvent(new Event('oidc-trust-editor'));
          });
        }
        return setAttribute.call(this, name, value);
      };
    });
    await page.goto(BASE);
    await verdict(page);
    await page.waitForFunction(() => window.__raced === true);
    await editorReady(page);
    await page.click('#context > summary');
    await editorReady(page, 'rcp-0');
  });

  it('reads what people paste, and says what it did', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    // The page opens on the GitHub tag release example.
    assert.equal(await page.$eval('#example', (s) => s.value), 'github-tag-release');
    const token = await page.inputValue('#token');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const policy = await editorText(page);
    const note = () => page.$$eval('.diagnostic[data-code="normalized-input"] .diag-message', (ps) => ps.map((p) => p.textContent));
    // Claims from a CI log, each line timestamped.
    const log = JSON.stringify(payload, null, 2).split('\n').map((l, i) => `2026-09-21T14:13:${String(20 + i % 30).padStart(2, '0')}.1234567Z ${l}`).join('\n');
    await page.fill('#token', log);
    v = await verdict(page, v.generation);
    assert.equal(v.accepted, true);
    assert.match((await note()).join(' '), /removed the CI-log timestamp from the start of \d+ lines of the token/i);
    // Only the payload segment.
    await page.fill('#token', token.split('.')[1]);
    v = await verdict(page, v.generation);
    assert.equal(v.accepted, true);
    assert.match((await note()).join(' '), /one base64url segment/);
    // aws iam get-role output in the policy box.
    await setEditor(page, JSON.stringify({ Role: { RoleName: 'deploy', Arn: 'arn:aws:iam::123456789012:role/deploy', AssumeRolePolicyDocument: JSON.parse(policy) } }, null, 4));
    v = await verdict(page, v.generation);
    assert.equal(v.accepted, true);
    assert.match((await note()).join(' '), /aws iam get-role output; read its AssumeRolePolicyDocument/);
    // A URL-encoded document: read, and one click replaces it with the decoded text.
    await setEditor(page, encodeURIComponent(JSON.stringify(JSON.parse(policy))));
    v = await verdict(page, v.generation);
    assert.equal(v.accepted, true);
    assert.match((await note()).join(' '), /URL-encoded/);
    await page.locator('.diagnostic[data-code="normalized-input"] button.apply').click();
    v = await verdict(page, v.generation);
    assert.equal(await editorText(page), JSON.stringify(JSON.parse(policy)));
    // Typographic quotes: named, with the edit that straightens them.
    await setEditor(page, policy.replace('"Version"', '“Version”'));
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided');
    assert.match(v.headline, /typographic quote “ at line 2 column 3: replace “ and ” with "/);
    await page.locator('.diagnostic[data-code="invalid-policy-json"] button.apply').click();
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'accepted');
    await page.screenshot({ path: join(SHOTS, 'paste-normalised.png') });
  });

  it('names a 10 MB paste into the token or the policy, stays responsive and keeps every key', async () => {
    const { page } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    await editorReady(page);
    const big = 'x'.repeat(10 * 1024 * 1024);
    await page.$eval('#token', (t, text) => {
      t.focus();
      t.value = text;
      t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, big);
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided');
    assert.match(v.headline, /^The token box holds 10\.0 MB: the playground reads tokens up to 64 KB \(STS takes at most 20,000 characters\), so it was not read\.$/);
    await page.focus('#token');
    await page.keyboard.press('End');
    await page.keyboard.type('yz');
    await page.waitForFunction((n) => document.querySelector('#token').value.length === n, big.length + 2);
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided');
    // The policy editor: the same, and typing still lands.
    await page.fill('#token', '');
    await setEditor(page, big);
    v = await verdict(page, v.generation);
    assert.match(v.headline, /^The token box holds|^The policy editor holds 10\.0 MB/);
    await page.$eval('#policy-editor', (h) => h.oidcEditor.select(0, 0));
    await page.keyboard.type('ab');
    await page.waitForFunction((n) => document.querySelector('#policy-editor').oidcEditor.text().length === n, big.length + 2);
    v = await verdict(page, v.generation);
    assert.match(v.headline, /The policy editor holds 10\.0 MB/);
    // Nothing that large is stored or put in a link.
    const stored = await page.evaluate(() => localStorage.getItem('oidc-trust.playground.v1') ?? '');
    assert.ok(stored.length < 100000, `stored ${stored.length} characters`);
    assert.ok((await shareLink(page)).length < 10000);
  });

  it('sends nothing anywhere, renders nothing pasted as HTML, and keeps the token out of storage, the URL and the console', async () => {
    const { page, log } = await open();
    await page.goto(BASE);
    let v = await verdict(page);
    await editorReady(page);
    const html = '<img src="https://evil.example/x.png" onerror="window.__pwned=1"><script src="https://evil.example/s.js"></script>';
    const url = 'https://evil.example/collect?t=1';
    for (const id of ['#token', '#issuer', '#client-ids', '#account', '#mint-repo']) {
      await page.fill(id, `${url} ${html}`);
    }
    await setEditor(page, `{"Version": "2012-10-17", "Statement": [{"Sid": "${html.replaceAll('"', '\\"')}", "Effect": "Allow", "Principal": {"Federated": "${url}"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}`);
    await page.click('#context > summary');
    await page.fill('#role-arn', html);
    await page.fill('#rcp-name-0', html);
    await setEditor(page, html, 'rcp-0');
    v = await verdict(page, v.generation);
    await page.click('#mint-token').catch(() => {});
    await page.waitForTimeout(50);
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no pasted handler ran');
    assert.equal(await page.$$eval('img, script[src*="evil"]', (e) => e.filter((x) => (x.src ?? '').includes('evil')).length), 0, 'nothing pasted became an element');
    assert.deepEqual(outsideRequests(log), []);
    // The token: not in storage, the URL or the console unless asked, and never its signature.
    const signature = 'c2VjcmV0LXNpZ25hdHVyZS1ieXRlcw';
    const token = jwt(claims('repo:octo/app:ref:refs/heads/main'), signature);
    const payload = token.split('.')[1];
    await page.fill('#token', token);
    v = await verdict(page, v.generation);
    await page.waitForFunction(() => localStorage.getItem('oidc-trust.playground.v1') !== null);
    const leaks = async () => {
      const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join(' '));
      return { stored, url: page.url(), console: log.console.join(' ') };
    };
    let l = await leaks();
    for (const [where, text] of Object.entries(l)) {
      assert.ok(!text.includes(payload) && !text.includes(signature), `the token is not in ${where}`);
    }
    assert.equal(decodeLink(await shareLink(page)).token, undefined, 'nor in the share link');
    await page.check('#remember-token');
    await page.check('#share-token');
    await page.waitForFunction((p) => (localStorage.getItem('oidc-trust.playground.v1') ?? '').includes(p), payload);
    l = await leaks();
    assert.ok(!l.stored.includes(signature), 'asked: stored, but never its signature');
    assert.equal(decodeLink(await shareLink(page, (k) => decodeLink(k).token !== undefined)).token, token.replace(/[^.]+$/, ''), 'the link: the token without its signature');
    assert.ok(!l.console.includes(payload) && !l.console.includes(signature), 'never in the console');
  });

  it('keeps the verdict in view: first on a phone, sticky on a wide screen', async () => {
    const phone = await open({ viewport: { width: 390, height: 844 } });
    await phone.page.goto(BASE);
    let v = await verdict(phone.page);
    await phone.page.selectOption('#example', 'github-environment-branch-pin');
    v = await verdict(phone.page, v.generation);
    const bar = await phone.page.$eval('#verdict-bar', (b) => ({ top: b.getBoundingClientRect().top, text: b.textContent }));
    assert.ok(bar.top < 300, `the verdict bar is on the first screen (${bar.top})`);
    assert.match(bar.text, /Refused · AccessDenied · 1 fix/);
    await phone.page.mouse.wheel(0, 1500);
    await phone.page.waitForTimeout(100);
    const scrolled = await phone.page.$eval('#verdict-bar', (b) => b.getBoundingClientRect().top);
    assert.ok(scrolled >= -1 && scrolled < 5, `it stays at the top while scrolling (${scrolled})`);
    await phone.page.screenshot({ path: join(SHOTS, 'phone-refused.png') });
    // Keyboard on a phone-sized page: the token box, then its summary's checkbox.
    await phone.page.focus('#token');
    await phone.page.keyboard.press('Tab');
    assert.equal(await phone.page.evaluate(() => document.activeElement.id), 'remember-token');

    const wide = await open();
    await wide.page.goto(BASE);
    v = await verdict(wide.page);
    await wide.page.mouse.wheel(0, 1200);
    await wide.page.waitForTimeout(100);
    const top = await wide.page.$eval('#verdict', (b) => b.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 20, `the banner stays in view (${top})`);
    // What the token is, next to the token.
    assert.match(await wide.page.textContent('#token-summary'), /^GitHub Actions · push · acme\/widgets · expires 14:18 UTC · the policy tests sub, aud$/);
  });
});

// The other targets: Entra ID, Google Cloud, Vault and trusted publishing, each with its own
// configuration editors and trace card, in the same verdict / stages / hints / findings layout.
describe('the target selector', () => {
  /** Picks an example and waits for its verdict. */
  async function pick(page, id) {
    const before = await generation(page);
    await page.selectOption('#example', id);
    return verdict(page, before);
  }

  /** Picks `target` on the AWS-only page and waits for the whole page's first verdict. */
  async function whole(page, target) {
    assert.equal(await page.getAttribute('html', 'data-page'), 'aws', 'a visit starts on the AWS-only module');
    await page.selectOption('#target', target);
    await page.waitForFunction(() => document.documentElement.dataset.page === 'whole');
    return verdict(page);
  }

  it('loads the other targets only when one is picked, keeping the inputs', async () => {
    const { page, log, context } = await open();
    // Slow the whole page down a little, to see the AWS-only module's verdict meanwhile.
    await context.route('**/oidc_trust_web_whole_bg.wasm', async (r) => {
      await new Promise((done) => setTimeout(done, 700));
      await r.continue();
    });
    await page.goto(BASE);
    await verdict(page);
    const wholeRequests = () => log.requests.filter((u) => u.includes('oidc_trust_web_whole'));
    assert.equal(await page.getAttribute('html', 'data-page'), 'aws');
    // The AWS-only module lists every target, but only AWS's examples.
    assert.deepEqual(await page.$$eval('#target option', (os) => os.map((o) => o.value)), ['aws', 'azure', 'gcp', 'vault', 'publishing']);
    assert.deepEqual(await page.$$eval('#example optgroup', (gs) => gs.map((g) => g.label)), ['AWS (IAM role trust policy)']);
    // The person's own token, typed on the AWS-only page.
    const token = jwt(claims('repo:octo/app:ref:refs/heads/main'));
    await page.fill('#token', token);
    await verdict(page);
    assert.deepEqual(wholeRequests(), [], 'an AWS visit never loads the other targets');
    await page.selectOption('#target', 'vault');
    await page.waitForFunction(() => /^Loading the checks for Vault/.test(document.querySelector('#headline')?.textContent ?? ''));
    assert.equal(await page.textContent('#decided'), 'No Vault answer until then.');
    assert.equal(await page.getAttribute('html', 'data-page'), 'aws', 'still the first module');
    await page.waitForFunction(() => document.documentElement.dataset.page === 'whole');
    const v = await verdict(page);
    assert.ok(wholeRequests().some((u) => u.endsWith('.wasm')), 'the whole page was loaded');
    assert.equal(await page.$eval('#target', (s) => s.value), 'vault');
    assert.equal(await page.inputValue('#token'), token, 'the token typed before is still there');
    assert.equal(v.state, 'undecided', 'no role yet');
    assert.match(v.headline, /The role box is empty/);
    assert.ok(await page.$('#vault-role-editor'), "Vault's editors are on screen");
    // Back to AWS on the whole page: the policy is the one from before.
    const before = await generation(page);
    await page.selectOption('#target', 'aws');
    assert.equal((await verdict(page, before)).state, 'refused', 'the example policy trusts tags, not main');
    assert.ok((await page.$$eval('#example optgroup', (gs) => gs.length)) > 1, "the whole page lists every target's examples");
    // A link, or saved inputs, that name another target open on the whole page.
    const linked = await open();
    await linked.page.goto(`${BASE}#v1=${b64url(JSON.stringify({ target: 'gcp', policy: policyFor('repo:octo/app:*') }))}`);
    await linked.page.waitForFunction(() => document.documentElement.dataset.page === 'whole'
      && document.querySelector('#verdict')?.dataset.target === 'gcp');
    const saved = await open();
    await saved.page.goto(BASE);
    await verdict(saved.page);
    await saved.page.evaluate(() => localStorage.setItem('oidc-trust.playground.v1', JSON.stringify({ target: 'publishing' })));
    await saved.page.reload();
    await saved.page.waitForFunction(() => document.documentElement.dataset.page === 'whole'
      && document.querySelector('#verdict')?.dataset.target === 'publishing');
  });

  it('answers for every target with its verdict, stages and trace', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    assert.equal(await page.$eval('#target', (s) => s.value), 'aws', 'AWS by default');
    await whole(page, 'azure');
    const cases = [
      // [example, target, trace selector, text the trace shows]
      ['entra-classic-accepted', 'azure', '#trace .credential.closest', /widgets-main/],
      ['entra-pull-request-refused', 'azure', '#trace .credential.closest .near-miss', /pull_request/],
      ['gcp-gitlab-accepted', 'gcp', '#trace .cel-clause[data-value="true"]', /assertion\.namespace_path == 'acme'/],
      ['gcp-gitlab-fork-refused', 'gcp', '#trace .cel-clause[data-value="false"]', /'acme-attacker'/],
      ['vault-github-accepted', 'vault', '#trace .checks', /bound_claims/],
      ['vault-other-branch-refused', 'vault', '#trace .check.fail', /refs\/heads\/release/],
      ['pypi-publisher-accepted', 'publishing', '#trace .publisher', /release\.yml/],
      ['pypi-environment-refused', 'publishing', '#trace .publisher.closest .near-miss', /release/],
    ];
    for (const [id, target, trace, text] of cases) {
      const option = await page.$eval(`#example option[value="${id}"]`, (o) => ({ ...o.dataset }));
      const v = await pick(page, id);
      assert.equal(option.target, target, id);
      assert.equal(await page.$eval('#target', (s) => s.value), target, `${id}: the example picks its target`);
      assert.equal(await page.$eval('#verdict', (e) => e.dataset.target), target, id);
      assert.deepEqual([v.accepted, v.stage, v.code], [option.accepted === 'true', option.stage, option.error ?? null], id);
      // Accepted, or accepted with a security warning (Google's condition pins a name).
      assert.match(v.state, option.accepted === 'true' ? /^(accepted|warned)$/ : /^refused$/, id);
      if (!v.accepted) {
        // The cloud's own answer, verbatim, under its name.
        assert.match(await page.textContent('.cloud-label'), /answers $/, id);
        assert.ok(v.message.length > 10, id);
      }
      // The deciding stage is in the stage list, with its status.
      const stage = await page.getAttribute(`.stage[data-stage="${option.stage}"]`, 'class');
      assert.match(stage, v.accepted ? /passed/ : /failed/, id);
      await page.waitForSelector(`#trace[data-target="${target}"]`);
      assert.match(await page.textContent(trace), text, id);
      // The decoded token, claim by claim, for every target.
      assert.ok(await page.$('#claims [data-claim="sub"]'), `${id}: the claims table`);
      // The target's editors are on screen, AWS's are not.
      assert.equal(await page.$('#policy-editor'), null, id);
      assert.ok(await page.$(`.configs[data-target="${target}"]`), id);
      if (target === 'gcp') {
        // Each mapping's value is shown whole, on the line under the mapping, never cut to
        // an ellipsis (the subject is 59 characters here).
        const rows = await page.$$eval('#trace .mappings > .check', (lis) => lis.map((li) => {
          const [what, value] = [li.querySelector('.check-what'), li.querySelector('.check-detail')];
          return {
            text: value.textContent,
            cut: value.scrollWidth > value.clientWidth + 1,
            below: value.getBoundingClientRect().top >= what.getBoundingClientRect().bottom - 1,
          };
        }));
        assert.ok(rows.length >= 3, id);
        for (const r of rows) assert.deepEqual([r.cut, r.below], [false, true], `${id}: ${r.text}`);
        assert.ok(rows.some((r) => /ref_type:branch:ref:main' \(\d+ bytes\)/.test(r.text)), id);
      }
      await page.screenshot({ path: join(SHOTS, `target-${id}.png`), fullPage: true });
    }
    // The token generator writes the audience the target needs: Entra's exchange audience,
    // so a push to main of acme/widgets gets past the audience and matches widgets-main.
    await pick(page, 'entra-classic-accepted');
    let before = await generation(page);
    await page.selectOption('#mint-platform', 'github');
    await page.fill('#mint-repo', 'acme/widgets');
    await page.selectOption('#mint-event', 'branch');
    await page.fill('#mint-value', 'main');
    await page.click('#mint-token');
    const minted = await verdict(page, before);
    assert.equal(minted.state, 'accepted', minted.headline);
    const aud = JSON.parse(Buffer.from((await page.inputValue('#token')).split('.')[1], 'base64url').toString()).aud;
    assert.equal(aud, 'api://AzureADTokenExchange');
    // Refusals come with a hint whose place is in the target's box.
    await pick(page, 'entra-pull-request-refused');
    const place = page.locator('#hints .hint-item button.place').first();
    assert.match(await place.textContent(), /^credentials, line \d+$/);
  });

  it("keeps the editors' undo history across the hand-over to the whole page", async () => {
    const { page, log } = await open();
    await page.goto(BASE);
    await verdict(page);
    const text = await editorText(page);
    // An edit on the AWS-only module, then another target: the whole page takes over.
    await page.$eval('#policy-editor', (h) => h.oidcEditor.apply(h.oidcEditor.text().length, h.oidcEditor.text().length, '\n'));
    await whole(page, 'vault');
    await page.selectOption('#target', 'aws');
    await verdict(page);
    assert.equal(await editorText(page), `${text}\n`);
    // Ctrl+Z in the whole page's editor undoes the edit made before the hand-over.
    await page.click('#policy-editor .cm-content');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((t) => document.querySelector('#policy-editor').oidcEditor.text() === t, text);
    assert.deepEqual(log.errors, []);
  });

  it("writes every target's configuration for the token, undoably, with the commands", async () => {
    const { page, log } = await open();
    await page.goto(BASE);
    await verdict(page);
    await whole(page, 'gcp');
    // The opening token (a GitHub tag release of acme/widgets) on an empty Google box.
    await setEditor(page, '', 'pool-provider');
    await setEditor(page, '', 'iam-policy');
    let v = await verdict(page);
    assert.equal(v.state, 'undecided', v.headline);
    // The menu is the CLI's --scope for Google: this ref, or the whole repository.
    assert.deepEqual(await page.$$eval('#write-choice option', (os) => os.map((o) => o.value)), ['exact', 'repository']);
    await page.selectOption('#write-choice', 'repository');
    let before = await generation(page);
    await page.click('#write-config');
    v = await verdict(page, before);
    assert.equal(v.state, 'accepted', v.headline);
    const provider = await editorText(page, 'pool-provider');
    assert.match(provider, /attributeCondition/);
    assert.match(await editorText(page, 'iam-policy'), /principalSet:/);
    assert.match(await page.textContent('#generated-note'), /^✓? ?Written for this token; it accepts the token\./);
    assert.match(await page.textContent('#write-steps'), /gcloud iam workload-identity-pools providers create-oidc/);
    assert.ok(await page.$('#copy-steps'));
    await page.screenshot({ path: join(SHOTS, 'target-gcp-written.png'), fullPage: true });
    // On a phone, the menu, the button and the commands wrap: nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll at 390 px');
    await page.setViewportSize({ width: 1280, height: 900 });
    // Each box was written through its editor: Ctrl+Z in the provider takes its text back.
    await page.click('#pool-provider-editor .cm-content');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelector('#pool-provider-editor').oidcEditor.text() === '');
    v = await verdict(page, v.generation);
    assert.equal(v.state, 'undecided', 'the provider box is empty again');
    assert.match(await editorText(page, 'iam-policy'), /principalSet:/, 'the IAM policy keeps its text');
    assert.equal(await page.$('#generated-note'), null, 'the note goes with the edit');
    // Entra: a classic or a flexible credential; trusted publishing: the registry first.
    await page.selectOption('#target', 'azure');
    await verdict(page);
    assert.deepEqual(await page.$$eval('#write-choice option', (os) => os.map((o) => o.value)), ['classic', 'flexible']);
    await page.selectOption('#target', 'publishing');
    await verdict(page);
    await page.selectOption('#registry', '');
    await page.click('#write-config');
    await page.waitForSelector('#notice');
    assert.match(await page.textContent('#notice'), /pick the registry first/);
    assert.deepEqual(log.errors, []);
    assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no CSP violation');
  });

  it('keeps the token and every box when switching targets, and in links', async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    await whole(page, 'azure');
    await pick(page, 'entra-classic-accepted');
    const token = await page.inputValue('#token');
    const credentials = await editorText(page, 'credentials');
    let before = await generation(page);
    await page.selectOption('#target', 'vault');
    let v = await verdict(page, before);
    assert.equal(await page.inputValue('#token'), token, 'the token stays');
    assert.equal(v.state, 'undecided', 'no role yet');
    assert.match(v.headline, /The role box is empty/);
    assert.equal(await page.$('#credentials-editor'), null);
    await setEditor(page, '{"data": {"role_type": "jwt", "user_claim": "sub", "bound_audiences": ["api://AzureADTokenExchange"], "bound_claims": {"repository": "acme/widgets"}}}', 'vault-role');
    v = await verdict(page);
    await page.waitForFunction(() => document.querySelector('#verdict').dataset.target === 'vault' && document.querySelector('#verdict').dataset.state === 'accepted');
    before = await generation(page);
    await page.selectOption('#target', 'azure');
    v = await verdict(page, before);
    assert.equal(v.state, 'accepted');
    assert.equal(await editorText(page, 'credentials'), credentials, 'the credentials are still there');
    // The link carries the target and its boxes (the token only when asked).
    const link = await shareLink(page, (l) => decodeLink(l).target === 'azure');
    const shared = decodeLink(link);
    assert.equal(shared.token, undefined);
    assert.ok(shared.configs.texts.some(([doc]) => doc === 'credentials'));
    assert.ok(shared.configs.texts.some(([doc]) => doc === 'vaultRole'));
    // Opened elsewhere, the link shows the same target and answer (with the token on screen).
    const other = await open();
    await other.page.goto(BASE);
    await verdict(other.page);
    await other.page.goto(link);
    await other.page.waitForFunction(() => document.querySelector('#target')?.value === 'azure');
    // A link from before there were targets opens as AWS.
    const old = await open();
    await old.page.goto(`${BASE}#v1=${b64url(JSON.stringify({ policy: policyFor('repo:octo/app:*'), time: 'iat' }))}`);
    await verdict(old.page);
    assert.equal(await old.page.$eval('#target', (s) => s.value), 'aws');
    assert.ok(await old.page.$('#policy-editor'));
  });

  it("says Can't decide yet, with its place, for credentials that do not parse", async () => {
    const { page } = await open();
    await page.goto(BASE);
    await verdict(page);
    await whole(page, 'azure');
    await pick(page, 'entra-classic-accepted');
    await editorReady(page, 'credentials');
    const before = await generation(page);
    await setEditor(page, '[\n  {"name": "main",\n   "issuer": }\n]', 'credentials');
    const v = await verdict(page, before);
    assert.equal(v.state, 'undecided');
    assert.equal(v.word, "?Can't decide yet");
    assert.equal(v.code, null, 'no cloud error for what could not be read');
    assert.match(await page.textContent('#decided'), /No Entra ID answer is shown/);
    assert.match(await page.textContent('#goto-error'), /^Go to credentials, line 3$/);
    // The last credentials that parsed keep their trace on screen, dimmed and labelled.
    await page.waitForSelector('#stale-trace');
    assert.match(await page.textContent('#stale-trace .stale-label'), /last version of the credentials that parsed/);
    assert.match(await page.textContent('#stale-trace .credential.closest'), /widgets-main/);
    await page.click('#goto-error');
    const sel = await editorSelection(page, 'credentials');
    assert.ok(sel.focused, 'the editor has the focus');
    const text = await editorText(page, 'credentials');
    assert.equal(text.slice(0, sel.from).split('\n').length, 3, 'the cursor is on line 3');
    const marks = await editorDiagnostics(page, 'credentials');
    assert.ok(marks.some((d) => d.severity === 'error'), JSON.stringify(marks));
    await page.screenshot({ path: join(SHOTS, 'target-undecided.png'), fullPage: true });
  });
});
