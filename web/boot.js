// Starts the playground. A separate file (not an inline script) so the page's
// Content-Security-Policy can forbid inline scripts.
import init from './pkg/oidc_trust_web.js';

init().catch((error) => {
  const note = document.getElementById('loading');
  if (note) note.textContent = `The playground failed to start: ${error}`;
  console.error(error);
});
