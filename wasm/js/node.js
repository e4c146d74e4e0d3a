// The Node.js entry (ESM; also `require()` on Node.js 20.19+ and 22.12+): the wasm module
// is read from disk and compiled synchronously on first import, so there is nothing to await.
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
} from './oidc_trust.js';

import { checkTrust } from './oidc_trust.js';
import { testKit } from './kit.js';

export const { expectAccepted, expectRefused, matchers } = testKit(checkTrust);
