// The browser and bundler entry: fetches `oidc_trust_bg.wasm` from next to this file
// (bundlers such as Vite emit it as an asset) and instantiates it before the exports are
// usable, with a top-level await.
import init from './oidc_trust_web.js';

await init();

export {
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
  renderModulePolicy,
  tokens,
  version,
} from './oidc_trust_web.js';

import { checkTrust } from './oidc_trust_web.js';
import { testKit } from './kit.js';

export const { expectAccepted, expectRefused, matchers } = testKit(checkTrust);
