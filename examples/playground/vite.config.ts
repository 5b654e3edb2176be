import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

/**
 * The playground: a static page, built from the package's ESM modules and the bundled packs.
 *   npm run playground:build   → examples/playground/dist (open with any static server)
 *   npm run playground:dev     → a dev server with hot reload
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
  logLevel: 'warn',
})
