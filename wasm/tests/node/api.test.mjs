// The published JS API: plain-object answers, diagnostics for bad input, TypeErrors only for
// wrong JS types, the exports map, CommonJS require, the web glue, and the shipped types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { analyze, compile, Compiled, decodeToken, generatePolicy, lintPolicy, listCodes, listLints, renderModulePolicy, version } from 'oidc-trust';
import * as api from 'oidc-trust';
import { loadVectors } from '../lib/vectors.mjs';

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('oidc-trust/package.json'));
const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
// The AWS interface's tests: the vectors of the other targets are run by vectors.test.mjs.
const allVectors = loadVectors();
const vectors = allVectors.filter((v) => (v.request.target ?? 'aws') === 'aws');
const accepted = vectors.find((v) => v.golden?.accepted && v.request.token);

/** True if every object in the value is a plain object or array (no Map, no class). */
function plain(value) {
  if (value === null || typeof value !== 'object') return value !== undefined;
  if (Array.isArray(value)) return value.every(plain);
  return Object.getPrototypeOf(value) === Object.prototype && Object.values(value).every(plain);
}

test('exports exactly the documented functions', () => {
  assert.deepEqual(Object.keys(api).sort(), [
    'Compiled', 'analyze', 'checkTrust', 'compile', 'decodeToken', 'expectAccepted', 'expectRefused', 'generateAzureCredential', 'generateGcp', 'generatePolicy', 'generatePublisher', 'generateVaultRole', 'lintAzureCredentials', 'lintGcp', 'lintPolicy', 'lintPublishers', 'lintVaultRole', 'listCodes', 'listLints', 'matchers', 'renderModulePolicy', 'tokens', 'version',
  ]);
});

test('compile(config) reads a configuration once: verdict() and analyze() agree with analyze() on every vector', () => {
  let compared = 0;
  for (const v of vectors) {
    if (typeof v.request.now !== 'number' || v.golden?.stage === 'request') continue;
    // compile() reads an AWS configuration; the other targets' vectors are analyze()'s.
    if (v.request.target !== undefined && v.request.target !== 'aws') continue;
    const { token, claims, now, ...config } = v.request;
    let check;
    try {
      check = compile(config);
    } catch {
      continue; // a config field the vector uses to test `invalid-request`
    }
    assert.ok(check instanceof Compiled);
    const text = claims !== undefined ? JSON.stringify(claims) : token ?? '';
    if (claims !== undefined && (claims === null || typeof claims !== 'object' || Array.isArray(claims))) continue;
    const verdict = check.verdict(text, now);
    assert.ok(plain(verdict));
    assert.equal(verdict.accepted, v.golden.accepted, v.id);
    assert.equal(verdict.stage, v.golden.stage, v.id);
    assert.deepEqual(verdict.awsError, v.golden.awsError, v.id);
    assert.equal(verdict.decision, v.golden.policy?.decision ?? null, v.id);
    // compile() is AWS's: its answer is the AWS analysis, without the `target` tag.
    if (claims === undefined) assert.deepStrictEqual({ target: 'aws', ...check.analyze(text, now) }, v.golden, v.id);
    assert.ok(Array.isArray(check.diagnostics()));
    check.free();
    compared += 1;
  }
  assert.ok(compared > 200, `compared ${compared}`);
  assert.throws(() => compile({ policy: '{}', nope: 1 }), TypeError);
  assert.throws(() => compile('x'), TypeError);
  const check = compile({ policy: '{}' });
  assert.throws(() => check.verdict(1, 0), TypeError);
  assert.throws(() => check.verdict('x', 1.5), TypeError);
});

test('version() is the package version', () => {
  assert.equal(version(), manifest.version);
});

test('an analysis is plain JSON data: plain objects, arrays and null, no undefined', () => {
  const got = analyze(accepted.request);
  assert.equal(got.accepted, true);
  assert.ok(plain(got));
  assert.deepEqual(JSON.parse(JSON.stringify(got)), got);
  assert.equal(got.awsError, null);
});

test('a malformed request comes back as an invalid-request diagnostic, not a throw', () => {
  for (const request of [{}, { now: 'soon' }, { now: 1, extra: true }, { now: 1, claims: 'nope' }, { now: 1, providers: {} }]) {
    const got = analyze(request);
    assert.equal(got.accepted, false);
    assert.equal(got.stage, 'request');
    assert.deepEqual(got.diagnostics.map((d) => d.code), ['invalid-request'], JSON.stringify(request));
  }
});

test('a bad token or policy comes back as diagnostics, not a throw', () => {
  const badToken = analyze({ ...accepted.request, token: 'not-a-jwt' });
  assert.equal(badToken.stage, 'token');
  assert.ok(badToken.diagnostics.some((d) => d.code === 'invalid-token'));
  const badPolicy = analyze({ ...accepted.request, policy: '{"Version": ' });
  assert.equal(badPolicy.accepted, false);
  assert.ok(badPolicy.diagnostics.some((d) => d.code === 'invalid-policy-json'));
});

test('wrong JS types throw a TypeError that names the function and the argument', () => {
  const cases = [
    [() => analyze(), /analyze: `request` must be an object, got undefined/],
    [() => analyze(null), /analyze: `request` must be an object, got null/],
    [() => analyze(42), /analyze: `request` must be an object, got number/],
    [() => analyze('{"now": 1}'), /analyze: `request` must be an object, got string/],
    [() => analyze([]), /analyze: `request` must be an object, got an array/],
    [() => analyze({ now: 1n }), /analyze: `request` cannot be written as JSON/],
    [() => decodeToken(), /decodeToken: `token` must be a string, got undefined/],
    [() => decodeToken(42), /decodeToken: `token` must be a string, got number/],
    [() => decodeToken({}), /decodeToken: `token` must be a string, got object/],
    [() => lintPolicy('{}'), /lintPolicy: `request` must be an object, got string/],
    [() => generatePolicy(undefined), /generatePolicy: `request` must be an object, got undefined/],
    [() => renderModulePolicy(7), /renderModulePolicy: `inputs` must be an object, got number/],
  ];
  for (const [call, message] of cases) assert.throws(call, (e) => e instanceof TypeError && message.test(e.message));
  const cyclic = { now: 1 };
  cyclic.self = cyclic;
  assert.throws(() => analyze(cyclic), TypeError);
  // The module keeps working after a throw.
  assert.equal(analyze(accepted.request).accepted, true);
});

test('decodeToken returns the header facts and claims analyze reports', () => {
  // With `call.providerId` the token is an OAuth access token, opaque by design: analyze
  // asks for its claims, decodeToken says it is not a JWT.
  // AWS's vectors: another target's answer says whether *it* takes the algorithm.
  const aws = vectors.filter((v) => (v.request.target ?? 'aws') === 'aws');
  for (const v of aws.filter((v) => typeof v.request.token === 'string' && !v.request.call?.providerId)) {
    const got = decodeToken(v.request.token);
    assert.ok(plain(got));
    if (v.golden.token !== null) {
      assert.deepEqual(got.token, v.golden.token, v.id);
      assert.deepEqual(got.claims, v.golden.claims, v.id);
    } else {
      assert.equal(got.token, null, v.id);
      assert.equal(got.claims, null, v.id);
      assert.deepEqual(got.diagnostics.map((d) => d.code), ['invalid-token'], v.id);
      assert.deepEqual(got.diagnostics, v.golden.diagnostics.filter((d) => d.code === 'invalid-token'), v.id);
    }
  }
});

test('listLints lists every lint with its docs; lintPolicy reports them on a policy', () => {
  const lints = listLints();
  assert.ok(plain(lints));
  assert.ok(lints.length >= 10);
  const ids = lints.map((l) => l.id);
  assert.deepEqual(ids, [...ids].sort(), 'in id order');
  for (const l of lints) {
    assert.match(l.id, /^[a-z]+(-[a-z]+)*$/);
    assert.ok(['error', 'warning', 'info'].includes(l.level), l.id);
    assert.equal(l.kind, 'lint', l.id);
    assert.ok(['lint', 'reader'].includes(l.emittedBy), l.id);
    assert.ok(l.summary.length > 0 && l.docs.length > 0, l.id);
  }
  const codes = listCodes();
  assert.ok(plain(codes));
  assert.deepEqual(codes.filter((c) => c.kind === 'lint'), lints, 'listLints is the lint part of listCodes');
  for (const c of codes) {
    assert.ok(['input', 'lint', 'hint'].includes(c.kind), c.id);
    assert.equal(c.docs === null, c.kind !== 'lint', c.id);
  }
  assert.ok(codes.some((c) => c.id === 'near-miss' && c.kind === 'hint'));
  assert.ok(codes.some((c) => c.id === 'invalid-token' && c.kind === 'input'));
  const open = {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
    }],
  };
  const found = lintPolicy({ policy: open });
  assert.ok(plain(found));
  assert.ok(found.diagnostics.some((d) => d.code === 'missing-subject-condition'), JSON.stringify(found));
  for (const d of found.diagnostics) assert.ok(ids.includes(d.code) || d.code.startsWith('invalid-'), d.code);
  // The same policy as JSON text gives the same codes.
  const asText = lintPolicy({ policy: JSON.stringify(open, null, 2) });
  assert.deepEqual(asText.diagnostics.map((d) => d.code), found.diagnostics.map((d) => d.code));
  assert.ok(lintPolicy({ policy: '{"Version": ' }).diagnostics.some((d) => d.code === 'invalid-policy-json'));
  assert.deepEqual(lintPolicy({ policy: open, extra: 1 }).diagnostics.map((d) => d.code), ['invalid-request']);
  assert.deepEqual(lintPolicy({}).diagnostics.map((d) => d.code), ['invalid-request']);
});

test('generatePolicy writes a policy that analyze accepts for the token; renderModulePolicy renders the module', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'sts.amazonaws.com',
    sub: 'repo:acme/app:ref:refs/heads/main',
    repository: 'acme/app',
    ref: 'refs/heads/main',
    ref_type: 'branch',
    exp: 1_790_000_600,
  };
  const generated = generatePolicy({ claims, account: '123456789012' });
  assert.ok(plain(generated));
  assert.equal(generated.verified, true, JSON.stringify(generated.diagnostics));
  assert.equal(typeof generated.policyText, 'string');
  assert.deepEqual(JSON.parse(generated.policyText), generated.policy);
  const check = analyze({ claims, policy: generated.policy, providers: [generated.provider], now: 1_790_000_000 });
  assert.equal(check.accepted, true, check.summary);
  const other = analyze({ claims: { ...claims, sub: 'repo:acme/other:ref:refs/heads/main' }, policy: generated.policy, providers: [generated.provider], now: 1_790_000_000 });
  assert.equal(other.accepted, false);
  assert.deepEqual(generatePolicy({}).diagnostics.map((d) => d.code), ['invalid-request']);
  assert.deepEqual(generatePolicy({ scope: 'everything', claims }).diagnostics.map((d) => d.code), ['invalid-request']);

  const rendered = renderModulePolicy({
    oidcIssuerHost: 'token.actions.githubusercontent.com',
    oidcAudience: 'sts.amazonaws.com',
    ciSubjectFilters: ['repo:acme/app:ref:refs/tags/v*'],
  });
  assert.ok(plain(rendered));
  assert.equal(typeof rendered.policyText, 'string');
  assert.deepEqual(rendered.subjects, ['repo:acme/app:ref:refs/tags/v*']);
  assert.deepEqual(renderModulePolicy({}).diagnostics.map((d) => d.code), ['invalid-request']);
});

test('no input traps the module: random and hostile strings', () => {
  let seed = 42;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const alphabet = 'eyJ{}[]":,.-_=*?$\\/\u00e9\u{1F600}\u0000abcXYZ0123456789 \n\t';
  const pick = (len) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
  for (let i = 0; i < 2000; i++) {
    const s = pick(rand(200));
    const d = decodeToken(s);
    assert.ok(Array.isArray(d.diagnostics));
    const a = analyze({ token: s, policy: s, providers: [{ url: pick(10), clientIds: [pick(5)] }], now: rand(2e9) });
    assert.equal(typeof a.accepted, 'boolean');
    assert.ok(Array.isArray(lintPolicy({ policy: s, issuer: pick(8) }).diagnostics));
    assert.ok(Array.isArray(generatePolicy({ token: s }).diagnostics));
  }
  const huge = analyze({ ...accepted.request, policy: '['.repeat(100000) });
  assert.equal(huge.accepted, false);
  const deep = analyze({ ...accepted.request, claims: JSON.parse('{"a":'.repeat(100) + '1' + '}'.repeat(100)) });
  assert.equal(typeof deep.accepted, 'boolean');
});

test('CommonJS require() gets the same API (Node.js 20.19+ / 22.12+)', (t) => {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) || major === 21) {
    t.skip(`require(esm) needs Node.js 20.19+ or 22.12+; this is ${process.version}`);
    return;
  }
  const cjs = require('oidc-trust');
  assert.deepEqual(cjs.analyze(accepted.request), accepted.golden);
  assert.equal(cjs.version(), manifest.version);
});

test('the exports map exposes the API, the wasm file and package.json, nothing else', async () => {
  assert.ok(require.resolve('oidc-trust/oidc_trust_bg.wasm').endsWith('oidc_trust_bg.wasm'));
  for (const inner of ['oidc-trust/oidc_trust.js', 'oidc-trust/oidc_trust_web.js', 'oidc-trust/browser.js', 'oidc-trust/kit.js']) {
    await assert.rejects(import(inner), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  }
});

test('the tarball holds the entries, the glue, the types, the wasm and the docs only', () => {
  const files = readdirSync(pkgDir).sort();
  assert.deepEqual(files, [
    'README.md',
    'browser.js',
    'kit.js',
    'node.js',
    'oidc_trust.d.ts',
    'oidc_trust.js',
    'oidc_trust_bg.wasm',
    'oidc_trust_web.js',
    'package.json',
  ]);
  assert.equal(manifest.dependencies, undefined, 'the package has no runtime dependencies');
});

test('the web glue (the browser entry) gives the same answers when initialised by hand', async () => {
  const web = await import(pathToFileURL(join(pkgDir, 'oidc_trust_web.js')).href);
  web.initSync({ module: readFileSync(join(pkgDir, 'oidc_trust_bg.wasm')) });
  for (const v of vectors.slice(0, 40)) assert.deepStrictEqual(web.analyze(v.request), v.golden, v.id);
  assert.throws(() => web.analyze(null), TypeError);
});

test('the type declarations never use `any`', () => {
  const dts = readFileSync(join(pkgDir, manifest.types), 'utf8');
  const code = dts.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(code, /\bany\b/);
  for (const name of [
    'analyze(request: AnyRequest): AnyAnalysis',
    'decodeToken(token: string): DecodedToken',
    'lintPolicy(request: LintRequest): LintResult',
    'listLints(): Code[]',
    'listCodes(): Code[]',
    'generatePolicy(request: GenerateRequest): GenerateResult',
    'renderModulePolicy(inputs: ModuleInputs): GenerateResult',
    'version(): string',
    'checkTrust(request: CheckRequest): CheckResult',
    'expectAccepted(check: TrustCase): Analysis',
    'expectRefused(check: TrustCase): Analysis',
  ]) {
    assert.ok(code.includes(`export function ${name};`), name);
  }
});

test('the README is the package README', () => {
  assert.ok(readFileSync(join(pkgDir, 'README.md'), 'utf8').startsWith('# oidc-trust'));
});

test('an Entra ID request gets an Entra answer; its credentials lint and generate', () => {
  const azure = allVectors.filter((v) => v.request.target === 'azure');
  assert.ok(azure.length >= 40, `${azure.length} Entra vectors`);
  const v = azure.find((x) => x.golden?.accepted && x.request.claims);
  const got = analyze(v.request);
  assert.equal(got.target, 'azure');
  assert.ok(plain(got));
  assert.deepEqual(got, v.golden);
  const linted = api.lintAzureCredentials({ credentials: v.request.credentials });
  assert.ok(plain(linted));
  const written = api.generateAzureCredential({ claims: v.request.claims, kind: 'classic' });
  assert.equal(written.kind, 'classic');
  const again = analyze({ target: 'azure', claims: v.request.claims, credentials: written.credential, now: v.request.now });
  assert.equal(again.accepted, written.verified);
  assert.throws(() => api.lintAzureCredentials(7), (e) => e instanceof TypeError && /lintAzureCredentials: `request` must be an object/.test(e.message));
});

test('Google Cloud: analyze tags the answer, lintGcp and generateGcp answer plain objects', () => {
  const gcp = allVectors.filter((v) => v.request.target === 'gcp');
  assert.ok(gcp.length >= 30, `only ${gcp.length} Google vectors`);
  const refused = gcp.find((v) => v.golden.stage === 'condition' && !v.golden.accepted && v.golden.trace.condition);
  const answer = analyze(refused.request);
  assert.equal(answer.target, 'gcp');
  assert.ok(plain(answer));
  assert.equal(answer.error.code, 'unauthorized_client');
  assert.ok(answer.trace.condition.text.length > 0);
  const linted = api.lintGcp({ provider: refused.request.provider });
  assert.ok(plain(linted) && Array.isArray(linted.diagnostics));
  const generated = api.generateGcp({ claims: refused.request.claims });
  assert.ok(plain(generated));
  assert.equal(typeof generated.verified, 'boolean');
  assert.throws(() => api.lintGcp(null), TypeError);
});

test('trusted publishing: generatePublisher writes a publisher analyze takes, in the registry\'s shape', () => {
  const publishing = allVectors.filter((v) => v.request.target === 'publishing');
  const v = publishing.find((x) => x.golden?.accepted && x.request.claims && x.request.registry);
  assert.ok(v, 'an accepted publishing vector with claims');
  const written = api.generatePublisher({ claims: v.request.claims, registry: v.request.registry, package: 'app' });
  assert.ok(plain(written));
  assert.equal(written.registry, v.request.registry);
  assert.equal(written.verified, true, JSON.stringify(written.diagnostics));
  assert.ok(written.steps.length > 0);
  // The publisher names its registry (or implies it): analyze needs no `registry`.
  const again = analyze({ target: 'publishing', claims: v.request.claims, publishers: written.publisher, now: v.request.now });
  assert.equal(again.accepted, true, again.summary);
  assert.equal(again.registry, v.request.registry);
  // No token: a diagnostic, no publisher; not an object: a TypeError.
  const none = api.generatePublisher({ registry: 'npm' });
  assert.equal(none.publisher, null);
  assert.equal(none.diagnostics[0].code, 'invalid-request');
  assert.throws(() => api.generatePublisher('pypi'), (e) => e instanceof TypeError && /generatePublisher: `request` must be an object/.test(e.message));
});
