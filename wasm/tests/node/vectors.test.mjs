// The shared vectors through the published package: every answer must deep-equal its
// golden file (the Rust runner's output), and meet the vector's inline expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from 'oidc-trust';
import { loadVectors, goldenIds } from '../lib/vectors.mjs';

const vectors = loadVectors();

test('there are shared vectors, and a golden file for each', () => {
  assert.ok(vectors.length >= 60, `only ${vectors.length} vectors`);
  const ids = new Set(vectors.map((v) => v.id));
  assert.equal(ids.size, vectors.length, 'vector ids are unique');
  const orphans = goldenIds().filter((id) => !ids.has(id));
  assert.deepEqual(orphans, [], 'golden files without a vector');
});

for (const v of vectors) {
  test(v.id, () => {
    const got = analyze(v.request);
    for (const field of ['accepted', 'stage', 'awsError', 'error']) {
      if (field in v.expect) assert.deepEqual(got[field], v.expect[field], `${field} (${got.summary})`);
    }
    const codes = new Set(got.diagnostics.map((d) => d.code));
    for (const code of v.expect.codes ?? []) assert.ok(codes.has(code), `expected diagnostic ${code}, got ${[...codes]}`);
    for (const code of v.expect.absentCodes ?? []) assert.ok(!codes.has(code), `diagnostic ${code} must not appear`);
    const hints = new Set(got.hints.map((h) => h.code));
    for (const code of v.expect.hints ?? []) assert.ok(hints.has(code), `expected hint ${code}, got ${[...hints]}`);
    for (const code of v.expect.absentHints ?? []) assert.ok(!hints.has(code), `hint ${code} must not appear`);
    assert.ok(v.golden !== undefined, `no golden file ${v.goldenPath}`);
    assert.deepStrictEqual(got, v.golden);
  });
}
