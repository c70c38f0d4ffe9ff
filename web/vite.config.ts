import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console: built into web/dist by `npm install` (the root `prepare` script) and served by the
 * docjobs server itself at `/` (src/http/console-route.ts). It bundles @docjobs/client from its
 * TypeScript source (the `docjobs-source` export condition), so no client build step comes first.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['docjobs-source', 'browser', 'module', 'import', 'default'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server sends these with a year's immutable caching: their names carry a content hash.
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    // `npm run dev:web` beside `npm start`: the API stays on the docjobs server.
    proxy: { '/v1': 'http://127.0.0.1:8080' },
  },
});
