import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app: `app/` is the Vite root, the build goes to `dist/` (static files; served by
 * `serveStatic` now and by the server room later). Cornerstone3D needs Node's `events` module in
 * the browser (the `events` package, a dependency) and ES-module workers.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./app', import.meta.url)),
  // Absolute asset paths: the app has client-side routes two segments deep (`/participants/<id>`),
  // where './assets/…' would resolve under `/participants/` (the app is always served at the root).
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
