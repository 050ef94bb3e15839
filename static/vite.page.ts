// The Vite config shared by the Custom UI pages: each page (static/<page>/vite.config.ts) builds its own
// folder into <page>/build, the resource manifest.yml names for it.
// Vite 8's built-in oxc transform compiles the TSX (no React plugin needed).
import { defineConfig, type UserConfig } from 'vite';

/** The config for the page whose index.html is in `pageDir`. */
export function pageConfig(pageDir: string): UserConfig {
  return defineConfig({
    root: pageDir,
    // Relative URLs: Forge (and the local host) serve the resource under a path we do not know.
    base: './',
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'production') },
    build: {
      outDir: 'build',
      emptyOutDir: true,
      chunkSizeWarningLimit: 1500,
      sourcemap: false,
      rolldownOptions: {
        // src/domain is pure (no I/O, nothing done on import): a domain module the pages reach
        // through static/shared/contract.ts but take nothing from stays out of the bundle.
        treeshake: {
          moduleSideEffects: [{ test: /[\\/]src[\\/]domain[\\/]/, sideEffects: false }],
        },
      },
    },
  });
}
