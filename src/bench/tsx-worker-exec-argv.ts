/**
 * `execArgv` for a worker thread that must load TypeScript sources on Node 20: tsx's
 * `--import tsx` hooks only the main thread there, so each worker preloads a tiny `data:`
 * module that calls `register()` from tsx's ESM API by its absolute `file:` URL (works
 * under the CLI, vitest and tinybench alike; see NOTES-node20).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function tsxWorkerExecArgv(): string[] {
  const require = createRequire(import.meta.url);
  const tsxDir = dirname(require.resolve('tsx/package.json'));
  const apiUrl = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
  const preload = `import { register } from ${JSON.stringify(apiUrl)}; register();`;
  return ['--import', `data:text/javascript,${encodeURIComponent(preload)}`];
}
