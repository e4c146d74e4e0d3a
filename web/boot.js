// Starts the playground. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts.
//
// The page is two wasm modules built from one crate (web/src/whole.rs): the AWS-only one,
// loaded first, and the whole page (every target), loaded when the inputs name another
// target; the first hands its inputs to the second, which starts in its place.
import init, { stop } from './pkg/oidc_trust_web.js';

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

// Called by the AWS-only module with its inputs (JSON) when they name another target:
// fetches and compiles the whole page while the first one stays on screen, then unmounts
// the first and starts the whole page on the inputs. Once; a failure can be retried.
let whole = null;
window.oidcTrustWhole = (inputs) => {
  whole ??= Promise.all([
    import('./pkg/oidc_trust_web_whole.js'),
    WebAssembly.compileStreaming(fetch(new URL('./pkg/oidc_trust_web_whole_bg.wasm', import.meta.url))),
  ])
    .then(([glue, module]) => {
      window.oidcTrustHandover = inputs;
      stop();
      return glue.default({ module_or_path: module });
    })
    .catch((error) => {
      whole = null;
      const note = document.getElementById('headline');
      if (note) note.textContent = `The other targets could not be loaded (${error}); reload the page to try again.`;
      console.error(error);
    });
};

init()
  .then(() => requestAnimationFrame(() => setTimeout(loadEditor, 0)))
  .catch((error) => {
    const note = document.getElementById('loading');
    if (note) note.textContent = `The playground failed to start: ${error}`;
    console.error(error);
  });
