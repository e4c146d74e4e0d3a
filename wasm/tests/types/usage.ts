// Typed usage of the package, checked with `tsc --noEmit` (strict) under both `nodenext`
// and `bundler` resolution. It is never run; it fails to compile if the declarations drift.
import {
  analyze,
  checkTrust,
  compile,
  Compiled,
  decodeToken,
  generateAzureCredential,
  generateGcp,
  generatePolicy,
  generatePublisher,
  generateVaultRole,
  lintAzureCredentials,
  lintGcp,
  lintPolicy,
  lintPublishers,
  lintVaultRole,
  listCodes,
  listLints,
  expectAccepted,
  expectRefused,
  matchers,
  renderModulePolicy,
  tokens,
  version,
  type CheckResult,
  type Expect,
  type GitHubOptions,
  type Minted,
  type RunPhase,
  type TestToken,
  type TrustCase,
  type Analysis,
  type AnyAnalysis,
  type AnyRequest,
  type AzureAnalysis,
  type AzureRequest,
  type AzureStage,
  type ClauseOutcome,
  type CloudError,
  type CredentialOutcome,
  type CallCheck,
  type ConditionTrace,
  type Decision,
  type DecodedToken,
  type Diagnostic,
  type GenerateRequest,
  type GenerateResult,
  type Hint,
  type IssuerKind,
  type KeySource,
  type OutcomeKind,
  type RcpTrace,
  type VerdictSummary,
  type Code,
  type CodeKind,
  type LintResult,
  type JsonObject,
  type JsonValue,
  type PolicyTrace,
  type ProviderConfig,
  type Request,
  type Severity,
  type Stage,
  type StatementTrace,
  type PublishingAnalysis,
  type PublishingGenerateResult,
  type PublishingRequest,
  type VaultAnalysis,
  type VaultGenerateResult,
  type VaultRequest,
  type VaultStage,
  type CelOutcome,
  type CelClauseTrace,
  type GcpAnalysis,
  type GcpGenerateResult,
  type GcpRequest,
  type GcpStage,
} from 'oidc-trust';

const providers: ProviderConfig[] = [
  { url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] },
  { url: 'gitlab.com', clientIds: ['https://gitlab.com'], arn: 'arn:aws:iam::123456789012:oidc-provider/gitlab.com' },
];

const policy: JsonObject = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRoleWithWebIdentity' }],
};

// Every optional field may be left out; `now` may not.
const minimal: Request = { now: 1_790_000_000 };
const full: Request = {
  token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln',
  policy,
  providers,
  account: '123456789012',
  now: 1_790_000_000,
  action: 'sts:AssumeRoleWithWebIdentity',
  call: { roleArn: 'arn:aws:iam::123456789012:role/deploy', roleSessionName: 'deploy', durationSeconds: 3600 },
  role: { maxSessionDuration: 7200, tags: { env: 'prod' } },
  caller: { sourceIp: '203.0.113.7', region: 'eu-west-1' },
  organization: {
    id: 'o-a1b2c3d4e5',
    rcps: [{ name: 'pin-org', policy: { Version: '2012-10-17', Statement: [] } }],
  },
  providerClaims: true,
};
const asText: Request = { claims: { sub: 'repo:acme/app:ref:refs/heads/main' }, policy: JSON.stringify(policy), now: 0 };

// @ts-expect-error `now` is required
const noNow: Request = { token: 'x' };
// @ts-expect-error fields are camelCase
const snake: Request = { now: 0, call: { role_session_name: 'x' } };
// @ts-expect-error the session name is a call parameter, not a top-level field
const topLevel: Request = { now: 0, roleSessionName: 'x' };
// @ts-expect-error an RCP needs its policy
const noRcpPolicy: Request = { now: 0, organization: { rcps: [{ name: 'x' }] } };
// @ts-expect-error `providers` is a list of provider objects
const badProviders: Request = { now: 0, providers: ['token.actions.githubusercontent.com'] };

// A request without `target` is AWS's, and so is its answer's type.
const analysis: Analysis = analyze(full);
const tagged: AnyAnalysis = analyze({ ...full, target: 'aws' });
const awsOnly: Analysis | null = tagged.target === 'aws' ? tagged : null;
// @ts-expect-error an AWS answer is not Vault's
const notVault: VaultAnalysis = tagged;

const vaultRequest: VaultRequest = {
  now: 1_790_000_000,
  claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:octo-org/app:ref:refs/heads/main' },
  role: { data: { role_type: 'jwt', bound_audiences: ['vault'], bound_claims: { sub: 'repo:octo-org/app:*' }, bound_claims_type: 'glob' } },
  config: '{"data": {"bound_issuer": "https://token.actions.githubusercontent.com"}}',
  roleName: 'deploy',
  server: 'openbao',
};
const vaultAnswer = analyze({ ...vaultRequest, target: 'vault' });
const vaultOnly: VaultAnalysis | null = vaultAnswer.target === 'vault' ? vaultAnswer : null;
const vaultStage: VaultStage | undefined = vaultOnly?.stage;
const vaultMessage: string | undefined = vaultOnly?.error?.message;
// @ts-expect-error Vault's answer has no `awsError`
const vaultAws = vaultOnly?.awsError;
// @ts-expect-error a Vault request names its server from a closed list
analyze({ ...vaultRequest, target: 'vault', server: 'vault-0.1' });
const vaultLint: LintResult = lintVaultRole({ role: vaultRequest.role ?? {} });
const vaultRole: VaultGenerateResult = generateVaultRole({ claims: vaultRequest.claims ?? null, policies: ['deploy'] });
const vaultVerified: boolean = vaultRole.verified;

const publishingRequest: PublishingRequest = {
  now: 1_790_000_000,
  registry: 'pypi',
  claims: { iss: 'https://token.actions.githubusercontent.com', aud: 'pypi' },
  publishers: [{ owner: 'octo-org', repository: 'app', workflow_filename: 'release.yml', environment: 'pypi' }],
};
const published = analyze({ ...publishingRequest, target: 'publishing' });
const publishingOnly: PublishingAnalysis | null = published.target === 'publishing' ? published : null;
const publisherRepository: string | undefined = publishingOnly?.publishers[0]?.repository;
// @ts-expect-error the registry is one of three
analyze({ ...publishingRequest, target: 'publishing', registry: 'rubygems' });
const publisherLint: LintResult = lintPublishers({ publishers: publishingRequest.publishers ?? [] });
const publisherWritten: PublishingGenerateResult = generatePublisher({ claims: publishingRequest.claims ?? null, registry: 'crates.io', environment: false });
const publisherSteps: string[] = publisherWritten.steps;
const publisherVerified: boolean = publisherWritten.verified;
// @ts-expect-error the registry is required
generatePublisher({ claims: publishingRequest.claims ?? null });
// @ts-expect-error the target is a union of names
analyze({ ...full, target: 'mainframe' });
const accepted: boolean = analysis.accepted;
const stage: Stage = analysis.stage;
const error: CloudError | null = analysis.awsError;
const code: string | undefined = error?.code;
const summary: string = analysis.summary;
const trace: PolicyTrace | null = analysis.policy;
const decision: Decision | undefined = trace?.decision;
const statements: StatementTrace[] = trace?.statements ?? [];
const conditions: ConditionTrace[] = statements.flatMap((s) => s.conditions);
const requestValues: (string[] | null)[] = conditions.map((c) => c.requestValues);
const nearMissOffsets: number[] = conditions.flatMap((c) => (c.nearMiss ? [c.nearMiss.offset] : []));
const diagnostics: Diagnostic[] = analysis.diagnostics;
const severities: Severity[] = diagnostics.map((d) => d.severity);
const lines: number[] = diagnostics.flatMap((d) => (d.span ? [d.span.line] : []));
const claims: JsonObject | null = analysis.claims;
const sub: JsonValue | undefined = claims?.['sub'];
const keys: string[] = analysis.conditionKeys.map((k) => k.key);
const issuerKind: IssuerKind | undefined = analysis.provider?.issuerKind;
const builtIn: boolean | undefined = analysis.provider?.builtIn;
const sources: KeySource[] = analysis.conditionKeys.map((k) => k.source);
const notChecked: CallCheck[] = analysis.call.notChecked;
const observed: boolean | undefined = error?.observed;
const rcpTraces: RcpTrace[] = analysis.rcps;
const rcpDecisions: Decision[] = rcpTraces.map((r) => r.policy.decision);
// @ts-expect-error a key's source is a union of names
const wrongSource: KeySource = 'guessed';
const outcomes: OutcomeKind[] = conditions.map((c) => c.outcome);
// @ts-expect-error an outcome is a union of names, not any string
const wrongOutcome: OutcomeKind = 'other';
// @ts-expect-error the issuer family is a union of names
const wrongKind: IssuerKind = 'gitHub';
const check: Compiled = compile({ policy, providers: [{ url: 'token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] }] });
const quick: VerdictSummary = check.verdict('eyJ...', 1_790_000_000);
const quickStage: Stage = quick.stage;
const again: Analysis = check.analyze('eyJ...', 1_790_000_000);
const readerFindings: Diagnostic[] = check.diagnostics();

// Exhaustive over the stage names.
function stageLabel(s: Stage): string {
  switch (s) {
    case 'request':
    case 'call':
    case 'token':
    case 'claims':
    case 'issuer':
    case 'audience':
    case 'expiry':
    case 'policy':
    case 'rcp':
      return s;
  }
}

// @ts-expect-error `stage` is a union of names, not any string
const wrongStage: Stage = 'trust';
// @ts-expect-error `accepted` is a boolean
const wrongAccepted: string = analysis.accepted;
// @ts-expect-error analyze takes a request object
analyze('{"now": 0}');

const decoded: DecodedToken = decodeToken(full.token ?? '');
const alg: string | null | undefined = decoded.token?.alg;
const signed: boolean | undefined = decoded.token?.signed;
// @ts-expect-error decodeToken takes a string
decodeToken(42);

const v: string = version();

const hints: Hint[] = analysis.hints;
const fixes: string[] = hints.map((h) => h.fix);

const lints: Code[] = listLints();
const kinds: CodeKind[] = listCodes().map((c) => c.kind);
const lintIds: string[] = lints.map((l) => `${l.id} (${l.level}, ${l.emittedBy}): ${l.summary}`);
const linted: LintResult = lintPolicy({ policy, issuer: 'token.actions.githubusercontent.com' });
const lintedText: LintResult = lintPolicy({ policy: JSON.stringify(policy) });
// @ts-expect-error `policy` is required
lintPolicy({ issuer: 'gitlab.com' });

const generateRequest: GenerateRequest = { token: full.token ?? '', scope: 'tagPattern', tagPattern: 'v*', subjectForm: 'immutable' };
const generated: GenerateResult = generatePolicy(generateRequest);
const generatedPolicy: JsonObject | null = generated.policy;
const verified: boolean | null = generated.verified;
// @ts-expect-error `scope` is one of the named scopes
generatePolicy({ claims: {}, scope: 'everything' });
const rendered: GenerateResult = renderModulePolicy({
  oidcIssuerHost: 'token.actions.githubusercontent.com',
  oidcAudience: 'sts.amazonaws.com',
  ciSubjectFilters: ['repo:acme/app:*'],
});

// The test kit: builders typed by their options, checks, helpers and matchers.
const deploy: Minted = tokens.github({ repo: 'acme/app', branch: 'main', now: 1_790_000_000 });
const claimsOf: JsonObject = deploy.claims;
const options: GitHubOptions = { repo: 'acme/app', pullRequest: true, immutable: true, ownerId: 1, repositoryId: 2, now: 0 };
// @ts-expect-error `repo` is required
tokens.github({ branch: 'main', now: 0 });
// @ts-expect-error `now` is required
tokens.gitlab({ project: 'acme/app' });
// @ts-expect-error options are camelCase
tokens.github({ repo: 'acme/app', pull_request: true, now: 0 });
const phase: RunPhase = 'plan';
tokens.terraform({ organization: 'acme', workspace: 'prod', runPhase: phase, now: 0 });
// @ts-expect-error a run phase is `plan` or `apply`
tokens.terraform({ organization: 'acme', workspace: 'prod', runPhase: 'destroy', now: 0 });
const others: Minted[] = [
  tokens.gitlab({ project: 'acme/app', mergeRequest: true, now: 0 }),
  tokens.circleci({ org: 'o', repo: 'github.com/acme/app', now: 0 }),
  tokens.bitbucket({ workspace: 'acme', repository: 'app', now: 0 }),
  tokens.buildkite({ organization: 'acme', pipeline: 'deploy', now: 0 }),
  tokens.eks({ namespace: 'payments', serviceAccount: 'api', now: 0 }),
];
const expected: Expect = 'refused';
const checked: CheckResult = checkTrust({ policy, token: deploy.jwt, expect: expected });
const message: string = checked.message;
// @ts-expect-error `expect` is `accepted` or `refused`
checkTrust({ policy, token: deploy.jwt, expect: 'yes' });
const trustCase: TrustCase = { policy, token: deploy, providers };
const afterAccept: Analysis = expectAccepted(trustCase);
const afterRefuse: Analysis = expectRefused({ policy: JSON.stringify(policy), token: deploy.jwt, now: 1_790_000_000 });
const token: TestToken = deploy;
const matched: boolean = matchers.toBeAcceptedBy(token, policy).pass;
const why: string = matchers.toBeRefusedBy.call({ isNot: true }, token, policy, { providers }).message();

// Entra ID: a request tagged `azure` gets an Entra answer, narrowed without a cast.
const azureRequest: AzureRequest = {
  claims: { iss: 'https://token.actions.githubusercontent.com', sub: 'repo:acme/app:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', exp: 1 },
  credentials: [{ name: 'main', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:acme/app:ref:refs/heads/main', audiences: ['api://AzureADTokenExchange'] }],
  now: 0,
};
const entra: AzureAnalysis = analyze({ ...azureRequest, target: 'azure' });
const entraStage: AzureStage = entra.stage;
const entraError: CloudError | null = entra.error;
const closest: number | null | undefined = entra.credentials?.closest;
const outcomesAzure: CredentialOutcome[] = entra.credentials?.credentials.map((c) => c.outcome) ?? [];
const clauseOutcomes: ClauseOutcome[] = entra.credentials?.credentials.flatMap((c) => c.clauses.map((k) => k.outcome)) ?? [];
// @ts-expect-error an Entra request has no trust policy
const entraWithPolicy: AzureRequest = { now: 0, policy: {} };
// @ts-expect-error the Entra stages are a union of names
const wrongAzureStage: AzureStage = 'policy';
function headline(request: AnyRequest): string {
  const a = analyze(request);
  switch (a.target) {
    case 'aws':
      return a.awsError?.message ?? a.summary;
    case 'azure':
    case 'gcp':
    case 'vault':
    case 'publishing':
      return a.error?.message ?? a.summary;
  }
}
const azureLint: LintResult = lintAzureCredentials({ credentials: azureRequest.credentials ?? [] });
const azureGenerated: string | null = generateAzureCredential({ claims: azureRequest.claims ?? null, kind: 'flexible' }).credential;

// Google Cloud: the request names its target, the answer narrows on it.
const gcpRequest: GcpRequest = {
  now: 1_790_000_000,
  claims: { iss: 'https://gitlab.com', aud: 'x', sub: 'project_path:acme/app:ref_type:branch:ref:main', exp: 1_790_000_300 },
  provider: { name: 'projects/1/locations/global/workloadIdentityPools/ci/providers/gitlab', attributeCondition: "assertion.namespace_id == '7'" },
};
const anyGcp: AnyAnalysis = analyze({ ...gcpRequest, target: 'gcp' });
const gcpOnly: GcpAnalysis | null = anyGcp.target === 'gcp' ? anyGcp : null;
const gcpStage: GcpStage | undefined = gcpOnly?.stage;
const gcpError: CloudError | null | undefined = gcpOnly?.error;
const clauses: CelClauseTrace[] = gcpOnly?.trace.condition?.clauses ?? [];
const celOutcomes: CelOutcome[] = clauses.map((c) => c.outcome);
// The target known statically gives that target's answer.
const gcpTyped: GcpAnalysis = analyze({ ...gcpRequest, target: 'gcp' });
const anyRequest: AnyRequest = Math.random() > 0.5 ? { ...gcpRequest, target: 'gcp' } : full;
const either: AnyAnalysis = analyze(anyRequest);
// @ts-expect-error the Google answer has no `awsError`
const noAwsError = gcpOnly?.awsError;
const gcpLinted: LintResult = lintGcp({ provider: gcpRequest.provider as JsonObject });
const gcpGenerated: GcpGenerateResult = generateGcp({ claims: gcpRequest.claims as JsonObject, scope: 'repository' });
const gcpVerified: boolean = gcpGenerated.verified;

export const used = [
  azureRequest, entra, entraStage, entraError, closest, outcomesAzure, clauseOutcomes, entraWithPolicy,
  wrongAzureStage, headline, azureLint, azureGenerated,
  gcpOnly, gcpStage, gcpError, celOutcomes, gcpTyped, either, noAwsError, gcpLinted, gcpVerified,
  claimsOf, options, others, message, afterAccept, afterRefuse, matched, why,
  minimal, asText, noNow, snake, badProviders, accepted, stage, code, summary, decision, requestValues,
  nearMissOffsets, severities, lines, sub, keys, issuerKind, outcomes, wrongOutcome, wrongKind, quickStage,
  again, readerFindings, stageLabel, wrongStage, wrongAccepted,
  alg, signed, v, fixes, lintIds, kinds, linted, lintedText, generatedPolicy, verified, rendered,
  topLevel, noRcpPolicy, awsOnly, builtIn, sources, notChecked, observed, rcpDecisions, wrongSource,
  notVault, vaultOnly, vaultStage, vaultMessage, vaultAws, vaultLint, vaultVerified,
  publishingOnly, publisherRepository, publisherLint, publisherWritten, publisherSteps, publisherVerified,
];
