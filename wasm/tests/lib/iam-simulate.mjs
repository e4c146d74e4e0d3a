// The evaluator of `@cloud-copilot/iam-simulate` (AGPL-3.0: a dev-dependency of the tests and
// the benchmark only, never bundled or shipped), driven with what oidc-trust derived for a
// request: the provider ARN as the principal, the condition keys AWS supplies (the
// analysis's `conditionKeys`, each with its `source`), the action, and the trust policy as
// the role's resource policy. Its public `runSimulation` drops web-identity condition keys
// such as `:sub` and `:aud`, so its inner `authorize()` is imported by file path. Used by
// the benchmark (bench/bench.mjs) and the differential test's oracle
// (differential/oracle.mjs), so both compare the same way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { testsDir } from './vectors.mjs';

const require = createRequire(import.meta.url);
// `require` resolves to dist/cjs/index.js; the ES modules sit beside it in dist/esm.
const simDist = dirname(dirname(require.resolve('@cloud-copilot/iam-simulate')));
const simRoot = join(simDist, 'esm');
const simModule = (path) => import(pathToFileURL(join(simRoot, path)).href);
const { authorize } = await simModule('core_engine/CoreSimulatorEngine.js');
const { AwsRequestImpl } = await simModule('request/request.js');
const { RequestContextImpl } = await simModule('requestContext.js');
const { DiscoveryContextKeyConstraints } = await simModule('context_keys/discoveryContextKeyConstraints.js');
export const { loadPolicy } = await import(
  pathToFileURL(createRequire(join(simRoot, 'index.js')).resolve('@cloud-copilot/iam-policy')).href
);

/** The installed iam-simulate version. */
export const simVersion = JSON.parse(readFileSync(join(simDist, '..', 'package.json'), 'utf8')).version;

/** oidc-trust's `policy.decision` in iam-simulate's words. */
export const DECISION = { allow: 'Allowed', explicitDeny: 'ExplicitlyDenied', implicitDeny: 'ImplicitlyDenied' };

// Codes under which the two sides do not model the same thing: a policy AWS refuses to
// store (iam-simulate assumes a validated policy) or a condition oidc-trust does not evaluate.
const NOT_COMPARABLE = new Set([
  'invalid-policy', 'invalid-policy-json', 'unknown-condition-operator', 'unsupported-version',
  'resource-in-trust-policy', 'not-principal-in-trust-policy', 'duplicate-json-key',
]);

/**
 * Where iam-simulate does not model IAM, with the documentation that settles each
 * (tests/differential/known-differences.json): `{ id, vectors, source }`.
 */
export const KNOWN_DIFFERENCES = JSON.parse(
  readFileSync(join(testsDir, 'differential', 'known-differences.json'), 'utf8'),
).differences;

/** Why an analysis cannot be compared with iam-simulate, or `null` when it can. */
export function notComparable(a) {
  if (!a?.policy) return `the trust policy is not reached (stage ${a?.stage})`;
  if (!a.policy.complete) return 'a condition oidc-trust leaves undecided or does not evaluate';
  // A pasted policy the core unwrapped or decoded first (`aws iam get-role` output,
  // URL-encoding): iam-simulate takes documents only.
  if (a.diagnostics.some((d) => d.code === 'normalized-input' && d.source === 'policy')) {
    return 'a pasted policy read after normalisation';
  }
  const code = a.diagnostics.find((d) => NOT_COMPARABLE.has(d.code))?.code;
  if (code) return code;
  if (a.policy.statements.some((s) => s.invalid)) return 'a void statement';
  return null;
}

// Keys AWS documents as multi-valued: iam-simulate wants an array for them even with one value.
const MULTI_VALUED = /(:amr|^aws:TagKeys|^sts:TransitiveTagKeys|^aws:ResourceOrgPaths)$/i;

/** The inputs iam-simulate gets for a request and oidc-trust's analysis of it. */
export function simulateInputs(request, a) {
  const policy = typeof request.policy === 'string' ? JSON.parse(request.policy) : request.policy;
  const context = {};
  for (const k of a.conditionKeys) {
    if (k.values === null) continue;
    context[k.key] = MULTI_VALUED.test(k.key) || k.values.length !== 1 ? k.values : k.values[0];
  }
  const account = a.provider.account ?? '123456789012';
  return {
    policy, principal: a.provider.arn, action: a.policy.action,
    role: request.call?.roleArn ?? `arn:aws:iam::${account}:role/ci`, account, context,
    builtIn: a.provider.builtIn,
  };
}

const simulationParameters = { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) };

/** iam-simulate's decision: `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`. */
export function simulate(inputs, loaded) {
  const request = new AwsRequestImpl(
    inputs.principal,
    { resource: inputs.role, accountId: inputs.account },
    inputs.action,
    new RequestContextImpl(inputs.context),
    false,
  );
  const result = authorize({
    request,
    sessionPolicy: undefined,
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: loaded ?? loadPolicy(inputs.policy, { name: 'TrustPolicy' }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters,
  });
  // iam-simulate reads a principal that is not an ARN (a built-in provider's name, such as
  // `accounts.google.com`) as another account's, and then also asks for an identity policy;
  // AWS grants a web identity on the trust policy alone, so compare the trust policy's own
  // decision there.
  return inputs.builtIn ? result.resourceAnalysis.result : result.result;
}
