// The package's matchers registered with Vitest's `expect.extend`, as a user's test suite
// would (Jest's `expect.extend` takes the same object). `cargo xtask npm-test` runs this
// folder with `vitest run`.
import { expect, test } from 'vitest';
import { matchers, tokens } from 'oidc-trust';

expect.extend(matchers);

const NOW = 1_790_000_000;
const policy = {
  Version: '2012-10-17',
  Statement: [{
    Effect: 'Allow',
    Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: {
      StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
      StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/tags/v*' },
    },
  }],
};
const release = tokens.github({ repo: 'acme/app', tag: 'v1.2.3', now: NOW });
const push = tokens.github({ repo: 'acme/app', branch: 'main', now: NOW });

test('tag releases get in, branch pushes do not', () => {
  expect(release).toBeAcceptedBy(policy);
  expect(release.jwt).toBeAcceptedBy(policy);
  expect(push).not.toBeAcceptedBy(policy);
  expect(push).toBeRefusedBy(policy);
});

test('a failing matcher says why, in the core\'s words', () => {
  expect(() => expect(push).toBeAcceptedBy(policy)).toThrowError(
    /expected the role to accept the token `repo:acme\/app:ref:refs\/heads\/main`, but AWS refuses it[\s\S]*expected `tags\/v\*`[\s\S]*found `heads\/main`/,
  );
  expect(() => expect(release).not.toBeAcceptedBy(policy)).toThrowError(/expected the role to refuse the token .*, but AWS accepts it/);
  expect(() => expect(release).toBeRefusedBy(policy)).toThrowError(/ACCEPTED/);
});
