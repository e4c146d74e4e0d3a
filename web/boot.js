// Starts the playground. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts.
import init from './pkg/oidc_trust_web.js';

// The policy editor (CodeMirror 6, bundled at build time into editor.bundle.js) is not
// needed for the first verdict: it is loaded after it, and the textarea works until then
// (and for good, if the bundle cannot be loaded).
function loadEditor() {
  import('./editor.bundle.js')
    .then((module) => {
      window.oidcTrustEditor = module;
      window.dispatchEvent(new Event('oidc-trust-editor'));
    })
    .catch(() => {
      document.documentElement.dataset.editor = 'textarea';
    });
}

// Share links are raw DEFLATE of the inputs' JSON: the browser's CompressionStream makes
// them (so the wasm carries no compressor); the wasm inflates them.
if (typeof CompressionStream === 'function') {
  window.oidcTrustDeflate = async (text) => new Uint8Array(
    await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer(),
  );
}

init()
  .then(() => requestAnimationFrame(() => setTimeout(loadEditor, 0)))
  .catch((error) => {
    const note = document.getElementById('loading');
    if (note) note.textContent = `The playground failed to start: ${error}`;
    console.error(error);
  });
