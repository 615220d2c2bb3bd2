import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const lib = (p: string) => fileURLToPath(new URL(`../../libs/${p}`, import.meta.url));

/**
 * Two pages: the react-admin app (index.html) and the client's light klantbeleving form
 * (client.html, served at /k/<token>). The pure libraries are imported from source, so the power
 * calculation, the vocabulary and the calendar in the browser are the very code the API runs.
 */
export default defineConfig({
  plugins: [react()],
  base: '/',
  resolve: {
    alias: {
      '@living-lab/stats': lib('stats/src/index.ts'),
      '@living-lab/vocabulary': lib('domain/src/vocabulary.ts'),
      '@living-lab/dates': lib('domain/src/dates.ts'),
      '@living-lab/quarters': lib('domain/src/quarters.ts'),
      '@living-lab/results': lib('domain/src/results.ts'),
      '@living-lab/report': lib('domain/src/report.ts'),
      '@living-lab/cohort': lib('domain/src/cohort.ts'),
      '@living-lab/labels': lib('domain/src/labels.ts'),
      '@living-lab/findings': lib('domain/src/findings.ts'),
      '@living-lab/reflection': lib('domain/src/reflection.ts'),
      '@living-lab/quality': lib('domain/src/quality.ts'),
      '@living-lab/warnings': lib('domain/src/warnings.ts'),
      '@living-lab/definitions': lib('domain/src/definitions.ts'),
      '@living-lab/gemeente-context': lib('domain/src/gemeente-context.ts'),
      '@living-lab/definition': lib('domain/src/experiment-definition.ts'),
      '@living-lab/templates': lib('domain/src/practice-templates.ts'),
      '@living-lab/spreadsheet': lib('domain/src/spreadsheet.ts'),
      // DDAS pseudonymisation runs in the browser (Web Crypto only); it uses libs/domain's privacy guard.
      '@living-lab/ddas': lib('ddas/src/index.ts'),
      '@living-lab/domain': lib('domain/src/index.ts'),
      '@living-lab/worklist': lib('domain/src/worklist.ts'),
      '@living-lab/overview': lib('domain/src/overview.ts'),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./index.html', import.meta.url)),
        client: fileURLToPath(new URL('./client.html', import.meta.url)),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
