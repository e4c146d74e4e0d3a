// A page bundled by Vite that imports the package the way a web app would. The browser test
// reads the verdict it renders, then calls the exported functions through `window.oidcTrust`.
import { analyze, decodeToken, version, type Analysis, type Request } from 'oidc-trust';

declare global {
  interface Window {
    oidcTrust: { analyze: typeof analyze; decodeToken: typeof decodeToken; version: typeof version };
  }
}

const policy = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:ref:refs/heads/*' },
      },
    },
  ],
};

const request: Request = {
  claims: {
    iss: 'https://token.actions.githubusercontent.com',
    aud: 'sts.amazonaws.com',
    sub: 'repo:acme/app:ref:refs/heads/main',
    exp: 1_790_000_600,
  },
  policy,
  providers: [{ url: 'https://token.actions.githubusercontent.com', clientIds: ['sts.amazonaws.com'] }],
  now: 1_790_000_000,
};

const analysis: Analysis = analyze(request);
window.oidcTrust = { analyze, decodeToken, version };
document.getElementById('version')!.textContent = `oidc-trust ${version()}`;
document.getElementById('verdict')!.textContent = `${analysis.accepted ? 'ACCEPTED' : 'REFUSED'} at ${analysis.stage}: ${analysis.summary}`;
