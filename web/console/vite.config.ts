import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Fixed file names, one bundle: the build is embedded into the mobilecs binary by name
// (src/http/console_assets.S.in) and served offline at /.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: process.env.MOBILECS_CONSOLE_OUT ?? 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 100_000,
    cssCodeSplit: false,
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      output: {
        entryFileNames: 'assets/console.js',
        assetFileNames: 'assets/console[extname]',
        inlineDynamicImports: true,
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
