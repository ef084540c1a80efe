import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// AYON serves the build at /addons/{name}/{version}/frontend/, so every asset URL is relative.
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2000 },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts?(x)'],
    // The component library imports styled-components' default export; through Vite's resolver that is the ES build
    // (as in the page's bundle), while Node's own loader would hand it the CommonJS module object.
    server: { deps: { inline: ['@ynput/ayon-react-components'] } },
  },
})
