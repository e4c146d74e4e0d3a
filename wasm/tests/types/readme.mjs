// Writes every ```ts block of the installed package's README to types/readme/<n>.ts, so
// that `tsc -p types/tsconfig.readme.json` checks the documentation's examples against the
// published declarations.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const readme = readFileSync(join(dirname(require.resolve('oidc-trust/package.json')), 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
if (blocks.length === 0) throw new Error('the README has no ```ts examples');
const out = new URL('./readme/', import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out);
for (const [i, code] of blocks.entries()) {
  // Each example is its own module; `export {}` keeps one without imports a module too.
  writeFileSync(new URL(`example-${i + 1}.ts`, out), `${code}\nexport {};\n`);
}
console.log(`README: ${blocks.length} TypeScript examples written to types/readme/`);
