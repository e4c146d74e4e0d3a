// The Node.js entry (ESM; also `require()` on Node.js 20.19+ and 22.12+): the wasm module
// is read from disk and compiled synchronously on first import, so there is nothing to await.
export {
  analyze,
  compile,
  Compiled,
  decodeToken,
  generatePolicy,
  lintPolicy,
  listCodes,
  listLints,
  renderModulePolicy,
  version,
} from './oidc_trust.js';
