import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { viteSingleFile } from 'vite-plugin-singlefile'

/**
 * The playground: a static page, built from the package's ESM modules and the bundled packs.
 *   npm run playground:build   → examples/playground/dist/index.html, one file (script and styles
 *                                inlined), so it also works opened from disk (file://), where a
 *                                browser refuses to load module scripts from other files
 *   npm run playground:dev     → a dev server with hot reload (prints its address)
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  plugins: [viteSingleFile({ removeViteModuleLoader: true })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: false,
  },
  server: { host: '127.0.0.1' },
  logLevel: 'info',
})
