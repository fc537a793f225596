import { dirname, resolve } from 'path';
import { fileURLToPath } from 'url';
import { defineConfig } from 'vite';

// Served by the API at /playground (apps/api/src/playground); built next to the API's own dist output.
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/playground/',
  // Vite 8 compiles TSX itself through oxc; @vitejs/plugin-react is not needed for a build without fast refresh.
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: resolve(here, '../../dist/playground'), emptyOutDir: true, sourcemap: false },
  logLevel: 'warn',
});
