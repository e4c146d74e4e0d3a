// Vite with no plugins: the package's browser entry needs nothing special (the .wasm is
// found through `new URL(..., import.meta.url)` and emitted as an asset).
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true },
});
