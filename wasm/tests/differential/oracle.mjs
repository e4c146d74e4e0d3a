// The differential test's oracle (driven by `oidc-trust-proof`'s `differential`, see
// proof/src/differential.rs): reads one JSON request per line on stdin, and answers one JSON
// line per request, in order, with
//
//   { npm: { accepted, stage, decision },   // the packed oidc-trust npm package's analyze()
//     sim: "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied" | null,   // iam-simulate's
//     skip: string | null,                  // why the two cannot be compared, if so
//     error: string | null }                // iam-simulate threw
//
// The Rust side compares the npm answer with the native library's and the decisions with
// each other, and shrinks any disagreement. Nothing is timed here.
import { createInterface } from 'node:readline';
import { analyze, version } from 'oidc-trust';
import { notComparable, simulate, simulateInputs, simVersion } from '../lib/iam-simulate.mjs';

// Replies are written together once a burst of input lines has been answered.
const out = [];
let scheduled = false;
function flush() {
  scheduled = false;
  if (out.length > 0) {
    process.stdout.write(out.join(''));
    out.length = 0;
  }
}

function answer(line) {
  const request = JSON.parse(line);
  const a = analyze(request);
  const npm = { accepted: a.accepted, stage: a.stage, decision: a.policy?.decision ?? null };
  const skip = notComparable(a);
  if (skip) return { npm, sim: null, skip, error: null };
  try {
    return { npm, sim: simulate(simulateInputs(request, a)), skip: null, error: null };
  } catch (e) {
    return { npm, sim: null, skip: null, error: String(e?.message ?? e) };
  }
}

process.stdout.write(`${JSON.stringify({ oidcTrust: version(), iamSimulate: simVersion, node: process.version })}\n`);
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  let reply;
  try {
    reply = answer(line);
  } catch (e) {
    reply = { npm: null, sim: null, skip: null, error: `oracle: ${e?.message ?? e}` };
  }
  out.push(`${JSON.stringify(reply)}\n`);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
lines.on('close', flush);
