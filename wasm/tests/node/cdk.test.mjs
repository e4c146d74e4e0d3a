// The worked AWS CDK example: synthesise a stack with a GitHub deploy role, take the role's
// trust policy from the template (`aws-cdk-lib/assertions`), and pin which workflows get in.
// Offline: synthesis needs no AWS account, the analysis no network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { expectAccepted, expectRefused, tokens } from 'oidc-trust';

const require = createRequire(import.meta.url);
const cdk = require('aws-cdk-lib');
const iam = require('aws-cdk-lib/aws-iam');
const { Template } = require('aws-cdk-lib/assertions');

/** The infrastructure under test: a role GitHub Actions deploys with. */
class DeployStack extends cdk.Stack {
  constructor(scope, id, props) {
    super(scope, id, props);
    const github = iam.OpenIdConnectProvider.fromOpenIdConnectProviderArn(
      this,
      'GitHub',
      `arn:aws:iam::${this.account}:oidc-provider/token.actions.githubusercontent.com`,
    );
    new iam.Role(this, 'Deploy', {
      assumedBy: new iam.WebIdentityPrincipal(github.openIdConnectProviderArn, {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:acme/app:ref:refs/heads/main',
            'repo:acme/app:environment:prod',
          ],
        },
      }),
    });
  }
}

const NOW = 1_790_000_000;
const app = new cdk.App();
const stack = new DeployStack(app, 'Deploy', { env: { account: '123456789012', region: 'eu-west-1' } });
const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
const [role] = Object.values(roles);
const policy = role.Properties.AssumeRolePolicyDocument;

test('the synthesised trust policy lets main and the prod environment in', () => {
  assert.equal(Object.keys(roles).length, 1);
  expectAccepted({ policy, token: tokens.github({ repo: 'acme/app', branch: 'main', now: NOW }) });
  expectAccepted({
    policy,
    token: tokens.github({ repo: 'acme/app', environment: 'prod', workflow: '.github/workflows/deploy.yml', now: NOW }),
  });
});

test('pull requests, other branches and other repositories stay out', () => {
  expectRefused({ policy, token: tokens.github({ repo: 'acme/app', pullRequest: true, now: NOW }) });
  expectRefused({ policy, token: tokens.github({ repo: 'acme/app', branch: 'feature/x', now: NOW }) });
  expectRefused({ policy, token: tokens.github({ repo: 'acme/other', branch: 'main', now: NOW }) });
  expectRefused({ policy, token: tokens.github({ repo: 'acme/app', environment: 'staging', now: NOW }) });
});

test('a wrong expectation fails with the explanation', () => {
  assert.throws(
    () => expectAccepted({ policy, token: tokens.github({ repo: 'acme/app', pullRequest: true, now: NOW }) }),
    (e) =>
      e.name === 'TrustAssertionError' &&
      e.message.includes('REFUSED at the trust policy stage') &&
      e.message.includes('near miss: the closest policy value differs from the token here'),
  );
});
