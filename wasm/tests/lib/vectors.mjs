// Loads the shared test vectors and golden answers (`tests/` at the repository root).
// `cargo xtask test` writes paths.json next to this folder with the absolute paths.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const paths = JSON.parse(readFileSync(new URL('../paths.json', import.meta.url), 'utf8'));

/** The repository's `tests/` folder. */
export const testsDir = paths.tests;

function jsonFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsonFiles(path));
    else if (entry.name.endsWith('.json')) out.push(path);
  }
  return out;
}

/**
 * Every vector: `{ id, group, name, description, request, expect, golden }`, where `golden`
 * is the parsed golden file (or `undefined` when it is missing).
 */
export function loadVectors() {
  const vectorsDir = join(testsDir, 'vectors');
  const goldenDir = join(testsDir, 'golden');
  const vectors = [];
  for (const file of jsonFiles(vectorsDir)) {
    const group = file.slice(vectorsDir.length + 1).split('/').slice(0, -1).join('/');
    const suite = JSON.parse(readFileSync(file, 'utf8'));
    for (const v of suite.vectors) {
      const goldenPath = join(goldenDir, group, `${v.name}.json`);
      vectors.push({
        id: `${group}/${v.name}`,
        group,
        name: v.name,
        description: v.description,
        request: v.request,
        expect: v.expect ?? {},
        goldenPath,
        golden: existsSync(goldenPath) ? JSON.parse(readFileSync(goldenPath, 'utf8')) : undefined,
      });
    }
  }
  return vectors;
}

/** The golden files, as `group/name` ids. */
export function goldenIds() {
  const goldenDir = join(testsDir, 'golden');
  return jsonFiles(goldenDir).map((f) => f.slice(goldenDir.length + 1, -'.json'.length));
}
