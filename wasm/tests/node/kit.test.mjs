// The test kit of the published package: `tokens.*` builders (the core's, with every claim
// the platform sends), `checkTrust`, and the helpers and matchers over it whose failure
// message is the core's explanation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, checkTrust, decodeToken, expectAccepted, expectRefused, matchers, tokens } from 'oidc-trust';

const NOW = 1_790_000_000;
const GITHUB_ARN = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
const mainOnly = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{
    Sid: 'MainOnly',
    Effect: 'Allow',
    Principal: { Federated: GITHUB_ARN },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: {
        'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
        'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/main',
      },
    },
  }],
}, null, 2);

test('tokens.github writes the claims GitHub sends, with GitHub\'s types, as an unsigned JWT', () => {
  const t = tokens.github({ repo: 'acme/app', branch: 'main', now: NOW });
  assert.equal(t.claims.sub, 'repo:acme/app:ref:refs/heads/main');
  for (const id of ['repository_id', 'repository_owner_id', 'actor_id', 'run_id', 'run_number']) {
    assert.match(t.claims[id], /^[0-9]+$/, id);
  }
  assert.equal(t.claims.job_workflow_ref, 'acme/app/.github/workflows/ci.yml@refs/heads/main');
  assert.deepEqual([t.claims.nbf, t.claims.iat, t.claims.exp], [NOW - 300, NOW, NOW + 300]);
  assert.match(t.jwt, /^[\w-]+\.[\w-]+\.$/);
  const decoded = decodeToken(t.jwt);
  assert.deepEqual(decoded.claims, t.claims);
  assert.equal(decoded.token.alg, 'RS256');
  assert.equal(decoded.token.signed, false);

  const immutable = tokens.github({ repo: 'acme/app', immutable: true, ownerId: 7, repositoryId: 9, pullRequest: true, now: NOW });
  assert.equal(immutable.claims.sub, 'repo:acme@7/app@9:pull_request');
  const env = tokens.github({ repo: 'acme/app', environment: 'prod', workflow: '.github/workflows/deploy.yml', now: NOW });
  assert.equal(env.claims.sub, 'repo:acme/app:environment:prod');
  assert.equal(env.claims.workflow, 'deploy');
  const slug = tokens.github({ repo: 'acme/app', enterprise: 'acme-corp', now: NOW });
  assert.equal(slug.claims.iss, 'https://token.actions.githubusercontent.com/acme-corp');
  const custom = tokens.github({ repo: 'acme/app', claims: { actor: 'release-bot' }, omit: ['jti'], now: NOW });
  assert.equal(custom.claims.actor, 'release-bot');
  assert.ok(!('jti' in custom.claims));
});

test('every platform\'s builder gives a token its issuer and sub are read back from', () => {
  const built = [
    [tokens.gitlab({ project: 'acme/app', tag: 'v1.2.3', now: NOW }), 'project_path:acme/app:ref_type:tag:ref:v1.2.3'],
    [tokens.circleci({ org: '2a3b4c5d-1111-2222-3333-444455556666', repo: 'github.com/acme/app', now: NOW }), /^org\/2a3b4c5d-.*\/vcs-ref\/refs\/heads\/main$/],
    [tokens.bitbucket({ workspace: 'acme', repository: 'app', deployment: 'production', now: NOW }), /^\{[0-9a-f-]+\}:\{[0-9a-f-]+\}:\{[0-9a-f-]+\}$/],
    [tokens.buildkite({ organization: 'acme', pipeline: 'deploy', now: NOW }), /^organization:acme:pipeline:deploy:ref:refs\/heads\/main:commit:[0-9a-f]{40}:step:$/],
    [tokens.terraform({ organization: 'acme', workspace: 'prod', runPhase: 'plan', now: NOW }), 'organization:acme:project:Default Project:workspace:prod:run_phase:plan'],
    [tokens.eks({ namespace: 'payments', serviceAccount: 'api', now: NOW }), 'system:serviceaccount:payments:api'],
  ];
  for (const [t, sub] of built) {
    if (typeof sub === 'string') assert.equal(t.claims.sub, sub);
    else assert.match(t.claims.sub, sub);
    // With a provider for its issuer, the analysis reads the sub in the platform's format
    // (a sub outside it gets an `unexpected-subject-format` finding).
    const aud = Array.isArray(t.claims.aud) ? t.claims.aud : [t.claims.aud];
    const a = analyze({ token: t.jwt, now: NOW, providers: [{ url: t.claims.iss, clientIds: aud }] });
    assert.notEqual(a.provider, null, t.claims.iss);
    assert.deepEqual(a.diagnostics.filter((d) => d.source === 'token'), [], t.claims.iss);
  }
  assert.equal(typeof built[0][0].claims.runner_id, 'number');
  assert.equal(typeof built[0][0].claims.project_id, 'string');
  assert.deepEqual(built[5][0].claims.aud, ['sts.amazonaws.com']);
  assert.equal(built[3][0].claims.step_key, null);
});

test('a builder names the option it cannot use', () => {
  assert.throws(() => tokens.github({ repo: 'acme', now: NOW }), { message: 'tokens.github: github(): `repo`: `acme` is not `OWNER/REPOSITORY`' });
  assert.throws(() => tokens.github({ repo: 'acme/app' }), /`now`: is required/);
  assert.throws(() => tokens.github({ repo: 'acme/app', branh: 'main', now: NOW }), /`branh`: is not an option of this builder/);
  assert.throws(() => tokens.terraform({ organization: 'o', workspace: 'w', runPhase: 'destroy', now: NOW }), /`runPhase`: must be `plan` or `apply`/);
  assert.throws(() => tokens.eks('payments'), TypeError);
});

test('checkTrust explains the answer against the expected one', () => {
  const pr = tokens.github({ repo: 'acme/app', pullRequest: true, now: NOW });
  const refused = checkTrust({ policy: mainOnly, token: pr.jwt, expect: 'refused' });
  assert.equal(refused.passed, true);
  assert.match(refused.message, /^the role refuses the token `repo:acme\/app:pull_request`, as expected/);
  assert.equal(refused.analysis.accepted, false);
  const wrong = checkTrust({ policy: mainOnly, token: pr.jwt, expect: 'accepted' });
  assert.equal(wrong.passed, false);
  assert.match(wrong.message, /REFUSED at the trust policy stage: AWS returns AccessDenied/);
  const bad = checkTrust({ policy: mainOnly, token: pr.jwt, expect: 'maybe' });
  assert.equal(bad.passed, false);
  assert.equal(bad.message, "the check's `expect` must be `accepted` or `refused`");
  assert.equal(bad.analysis, null);
});

test('expectAccepted and expectRefused throw the explanation', () => {
  const main = tokens.github({ repo: 'acme/app', branch: 'main', now: NOW });
  const pr = tokens.github({ repo: 'acme/app', pullRequest: true, now: NOW });
  assert.equal(expectAccepted({ policy: mainOnly, token: main }).accepted, true);
  assert.equal(expectRefused({ policy: mainOnly, token: pr.jwt }).accepted, false);
  let thrown;
  try {
    expectAccepted({ policy: mainOnly, token: pr });
  } catch (e) {
    thrown = e;
  }
  assert.equal(thrown?.name, 'TrustAssertionError');
  const lines = thrown.message.split('\n');
  assert.match(lines[0], /^expected the role to accept the token `repo:acme\/app:pull_request`, but AWS refuses it/);
  // The near miss, with its carets under the first differing character.
  const at = lines.findIndex((l) => l.trimStart().startsWith('token   repo:'));
  assert.ok(at > 0, thrown.message);
  assert.equal(lines[at + 1].indexOf('^'), lines[at].indexOf('pull_request'));
  // The hint: its message on the first line, where it is (policy line:column) under it.
  const hint = lines.findIndex((l) => l.startsWith('  hint[pull-request-subject]: '));
  assert.ok(hint > 0, thrown.message);
  assert.ok(lines.slice(hint).some((l) => /^ {6}at policy:\d+:\d+$/.test(l)), thrown.message);
  assert.throws(() => expectRefused({ policy: mainOnly, token: main }), /but AWS accepts it/);
  assert.throws(() => expectAccepted({ policy: mainOnly, token: 42 }), TypeError);
});

test('the matchers answer pass and say why, under .not as well', () => {
  const main = tokens.github({ repo: 'acme/app', branch: 'main', now: NOW });
  const pr = tokens.github({ repo: 'acme/app', pullRequest: true, now: NOW });
  const plain = {};
  const negated = { isNot: true };
  assert.equal(matchers.toBeAcceptedBy.call(plain, main, mainOnly).pass, true);
  const failed = matchers.toBeAcceptedBy.call(plain, pr, mainOnly);
  assert.equal(failed.pass, false);
  assert.match(failed.message(), /^expected the role to accept the token/);
  // `.not.toBeAcceptedBy`: fails (pass true) for an accepted token, explained as a refusal expected.
  const notFailed = matchers.toBeAcceptedBy.call(negated, main, mainOnly);
  assert.equal(notFailed.pass, true);
  assert.match(notFailed.message(), /^expected the role to refuse the token `repo:acme\/app:ref:refs\/heads\/main`, but AWS accepts it/);
  assert.equal(matchers.toBeAcceptedBy.call(negated, pr, mainOnly).pass, false);
  assert.equal(matchers.toBeRefusedBy.call(plain, pr, mainOnly).pass, true);
  // Options: the account's providers decide the audience check.
  const other = matchers.toBeAcceptedBy.call(plain, main, mainOnly, {
    providers: [{ url: 'token.actions.githubusercontent.com', clientIds: ['other'] }],
  });
  assert.equal(other.pass, false);
  assert.match(other.message(), /at the audience stage/);
});
