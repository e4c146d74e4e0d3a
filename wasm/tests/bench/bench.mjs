// Side-by-side speed of the packed oidc-trust package, in one Node.js run:
//
// 1. `analyze` over every shared vector (analyses per second);
// 2. `decodeToken` against `jwt-decode` on the vectors' compact JWTs;
// 3. trust-policy evaluation against the evaluator of `@cloud-copilot/iam-simulate`
//    (AGPL-3.0: a dev-dependency of this benchmark only, never bundled or shipped). Its public
//    `runSimulation` drops web-identity condition keys such as `:sub` and `:aud`, so its inner
//    `authorize()` is imported by file path, with the trust policy loaded as the resource
//    policy of the role.
//
// Before timing, it checks that both sides give the same answers where both model the case
// (the same claims; the same policy decision), and exits non-zero if they differ. It asserts
// nothing about time. `node bench/bench.mjs` runs the full benchmark (about 30 s);
// `--quick` runs one short round (what `cargo xtask test` does, to keep it working);
// `--json` prints the results as JSON.
import { isDeepStrictEqual } from 'node:util';
import { analyze, compile, decodeToken, version } from 'oidc-trust';
import { jwtDecode } from 'jwt-decode';
import {
  DECISION, KNOWN_DIFFERENCES, loadPolicy, notComparable, simulate, simulateInputs, simVersion,
} from '../lib/iam-simulate.mjs';
import { loadVectors } from '../lib/vectors.mjs';

const quick = process.argv.includes('--quick');
const asJson = process.argv.includes('--json');
const minMillis = quick ? 30 : 2000;
const rounds = quick ? 1 : 3;

// ---------------------------------------------------------------------------------------------
// Timing: calls per second of `fn` over `items`, cycling, best of `rounds` runs of at least
// `minMillis` each. Time is the process's CPU time (user + system), not wall time, so that
// other work on a shared machine does not count against either side.
function cpuMillis() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
function opsPerSecond(fn, items) {
  let sink = 0;
  for (let i = 0; i < Math.min(items.length * 3, 3000); i++) sink += fn(items[i % items.length]) ? 1 : 0;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = cpuMillis();
    let elapsed = 0;
    while (elapsed < minMillis) {
      for (const item of items) sink += fn(item) ? 1 : 0;
      calls += items.length;
      elapsed = cpuMillis() - start;
    }
    best = Math.max(best, (calls * 1000) / elapsed);
  }
  if (sink < 0) console.log(sink);
  return best;
}

const results = { node: process.version, oidcTrust: version(), iamSimulate: simVersion, rows: [], checks: [] };
const problems = [];
function row(group, name, ops, note = '') {
  results.rows.push({ group, name, opsPerSecond: Math.round(ops), microsecondsPerCall: +(1e6 / ops).toFixed(2), note });
}

const vectors = loadVectors();

// ---------------------------------------------------------------------------------------------
// 1. analyze over every shared vector.
const requests = vectors.map((v) => v.request);
row('analyze', `analyze() over all ${requests.length} shared vectors`, opsPerSecond((r) => analyze(r).accepted, requests));

// ---------------------------------------------------------------------------------------------
// 2. Decoding: the vectors' compact JWTs that jwt-decode can also read, and the vectors'
//    claims objects signed-looking as compact JWTs (a fixed RS256 header and a fake signature:
//    signatures are never verified by either side).
const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = b64url({ alg: 'RS256', typ: 'JWT', kid: 'bench' });
const candidates = [
  ...vectors.map((v) => [v.id, v.request.token]),
  ...vectors
    .filter((v) => v.request.claims && typeof v.request.claims === 'object' && !Array.isArray(v.request.claims))
    .map((v) => [`${v.id} (claims)`, `${header}.${b64url(v.request.claims)}.c2lnbmF0dXJl`]),
];
const tokens = [];
const refusedByUs = [];
for (const [id, t] of candidates) {
  const v = { id };
  if (typeof t !== 'string' || tokens.includes(t)) continue;
  let claims;
  let header;
  try {
    claims = jwtDecode(t);
    header = jwtDecode(t, { header: true });
  } catch {
    continue; // not a bare compact JWT (pasted claims, a `Bearer ` prefix, a broken token)
  }
  const ours = decodeToken(t);
  if (ours.token === null) {
    // jwt-decode reads only the segment it is asked for; AWS (and oidc-trust) refuse these.
    refusedByUs.push(`${v.id} (${ours.diagnostics[0]?.message})`);
    continue;
  }
  if (!isDeepStrictEqual(ours.claims, claims)) problems.push(`decode ${v.id}: claims differ from jwt-decode`);
  if (!isDeepStrictEqual(ours.token?.header, header)) problems.push(`decode ${v.id}: header differs from jwt-decode`);
  tokens.push(t);
}
results.checks.push(
  `decode: ${tokens.length} tokens, claims and header equal to jwt-decode's; ${refusedByUs.length} more that jwt-decode reads but AWS and oidc-trust refuse: ${refusedByUs.join('; ')}`,
);
row('decode', `oidc-trust decodeToken() (header + claims + checks), ${tokens.length} tokens`, opsPerSecond((t) => decodeToken(t).claims, tokens));
row('decode', 'jwt-decode jwtDecode() (claims only)', opsPerSecond((t) => jwtDecode(t), tokens));
row('decode', 'jwt-decode jwtDecode() twice (claims + header)', opsPerSecond((t) => jwtDecode(t) && jwtDecode(t, { header: true }), tokens));

// ---------------------------------------------------------------------------------------------
// 3. Trust-policy evaluation. The cases: every vector where AWS consults the policy (stage
//    `policy` reached), evaluated by iam-simulate with the request oidc-trust derived (the
//    provider ARN as the principal, the condition keys AWS supplies, the action).
// Vectors where iam-simulate does not model what AWS does, each with its source.
const knownByVector = new Map(KNOWN_DIFFERENCES.flatMap((d) => d.vectors.map((id) => [id, d.source])));

const cases = [];
const known = [];
const skipped = {};
for (const v of vectors) {
  const a = v.golden;
  if (!a?.policy) continue;
  const why = notComparable(a);
  if (why) {
    skipped[why] = (skipped[why] ?? 0) + 1;
    continue;
  }
  const inputs = simulateInputs(v.request, a);
  const loaded = loadPolicy(inputs.policy, { name: 'TrustPolicy' });
  let theirs;
  try {
    theirs = simulate(inputs, loaded);
  } catch (e) {
    problems.push(`policy ${v.id}: iam-simulate threw ${e.message}`);
    continue;
  }
  const ours = DECISION[a.policy.decision];
  if (knownByVector.has(v.id)) {
    if (ours === theirs) problems.push(`policy ${v.id}: listed as a known difference, but both sides now say ${ours}`);
    known.push(`${v.id}: oidc-trust ${ours}, iam-simulate ${theirs}: ${knownByVector.get(v.id)}`);
    continue;
  }
  if (ours !== theirs) problems.push(`policy ${v.id}: oidc-trust says ${ours}, iam-simulate says ${theirs}`);
  cases.push({ v, inputs, loaded });
}
results.checks.push(
  `policy: ${cases.length} cases with the same decision on both sides; not compared: ${
    Object.entries(skipped).map(([k, n]) => `${n} (${k})`).join(', ') || 'none'
  }; ${known.length} known differences, where iam-simulate does not model IAM:\n      ${known.join('\n      ')}`,
);
const caseRequests = cases.map((c) => c.v.request);
row('policy', `oidc-trust analyze() (whole pipeline: decode, stages, parse, evaluate, explain), ${cases.length} cases`,
  opsPerSecond((r) => analyze(r).accepted, caseRequests));
const verdictOnly = caseRequests.map((r) => ({ ...r, lints: false }));
row('policy', `oidc-trust analyze({ lints: false }) (verdict and trace, no lints or hints), ${cases.length} cases`,
  opsPerSecond((r) => analyze(r).accepted, verdictOnly));
// The bulk path: each case's configuration compiled once (as iam-simulate's loadPolicy), then
// its token checked. Claims given as an object are passed as their JSON text.
const compiledCases = caseRequests.map((r) => {
  const { token, claims, now, ...config } = r;
  return { check: compile(config), token: claims ? JSON.stringify(claims) : token ?? '', now };
});
for (const [c, r] of compiledCases.map((c, i) => [c, caseRequests[i]])) {
  const v = c.check.verdict(c.token, c.now);
  const a = analyze(r);
  if (v.accepted !== a.accepted || v.stage !== a.stage) problems.push(`compile().verdict disagrees with analyze() on ${JSON.stringify(r).slice(0, 80)}`);
}
row('policy', `oidc-trust compile(config).verdict(token, now) (the verdict only, configuration read once), ${cases.length} cases`,
  opsPerSecond((c) => c.check.verdict(c.token, c.now).accepted, compiledCases));
row('policy', `oidc-trust compile(config).analyze(token, now) (full explanation, configuration read once), ${cases.length} cases`,
  opsPerSecond((c) => c.check.analyze(c.token, c.now).accepted, compiledCases));
row('policy', 'iam-simulate loadPolicy() + authorize()', opsPerSecond((c) => simulate(c.inputs), cases));
row('policy', 'iam-simulate authorize() with the policy loaded beforehand', opsPerSecond((c) => simulate(c.inputs, c.loaded), cases));

// ---------------------------------------------------------------------------------------------
if (asJson) {
  console.log(JSON.stringify({ ...results, problems }, null, 2));
} else {
  console.log(`oidc-trust ${results.oidcTrust} vs jwt-decode and @cloud-copilot/iam-simulate ${results.iamSimulate} on Node.js ${results.node}${quick ? ' (quick: one short round, numbers are rough)' : ''}`);
  for (const c of results.checks) console.log(`  checked: ${c}`);
  let group = '';
  for (const r of results.rows) {
    if (r.group !== group) console.log(`\n  ${(group = r.group)}`);
    console.log(`    ${r.opsPerSecond.toLocaleString('en-US').padStart(11)} calls/CPU-s  ${String(r.microsecondsPerCall).padStart(8)} CPU-µs/call  ${r.name}`);
  }
}
if (problems.length > 0) {
  console.error(`\n${problems.length} disagreements:\n  ${problems.join('\n  ')}`);
  process.exitCode = 1;
}
