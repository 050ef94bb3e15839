// Builds the project settings page (Custom UI) into static/project/build, the `project-page` resource in manifest.yml.
// Vite 8's built-in oxc transform compiles the TSX (no React plugin needed).
import { defineConfig } from 'vite';
import path from 'node:path';

export default defineConfig({
  root: path.resolve(__dirname),
  // Relative URLs: Forge (and the local host) serve the resource under a path we do not know.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
});
