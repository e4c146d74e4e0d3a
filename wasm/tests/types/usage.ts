// Typed usage of the package, checked with `tsc --noEmit` (strict) under both `nodenext`
// and `bundler` resolution. It is never run; it fails to compile if the declarations drift.
import {
  analyze,
  checkTrust,
  compile,
  Compiled,
  decodeToken,
  generatePolicy,
  lintPolicy,
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
  type AwsError,
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

const analysis: Analysis = analyze(full);
const tagged: AnyAnalysis = analyze({ ...full, target: 'aws' });
const awsOnly: Analysis | null = tagged.target === 'aws' ? tagged : null;
// @ts-expect-error the target is a union of names
analyze({ ...full, target: 'mainframe' });
const accepted: boolean = analysis.accepted;
const stage: Stage = analysis.stage;
const error: AwsError | null = analysis.awsError;
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

export const used = [
  claimsOf, options, others, message, afterAccept, afterRefuse, matched, why,
  minimal, asText, noNow, snake, badProviders, accepted, stage, code, summary, decision, requestValues,
  nearMissOffsets, severities, lines, sub, keys, issuerKind, outcomes, wrongOutcome, wrongKind, quickStage,
  again, readerFindings, stageLabel, wrongStage, wrongAccepted,
  alg, signed, v, fixes, lintIds, kinds, linted, lintedText, generatedPolicy, verified, rendered,
  topLevel, noRcpPolicy, awsOnly, builtIn, sources, notChecked, observed, rcpDecisions, wrongSource,
];
