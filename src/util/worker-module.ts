/**
 * How to start a worker thread (raw `Worker`, piscina) on a module that sits beside the
 * caller, the same way whether the caller runs compiled or from its TypeScript sources:
 *
 * - compiled (`dist/**.js`, the CLI and `npm start`): the worker is the compiled `.js`
 *   beside the caller and needs no loader (faster thread start);
 * - from sources (vitest, `node --import tsx`): the worker is the `.ts` source, and since
 *   Node 20's tsx hooks only the main thread, each thread preloads a tiny `data:` module
 *   calling `register()` from tsx's ESM API by its absolute `file:` URL (see
 *   NOTES-node20). Tests therefore always run the current sources, never a stale build.
 *
 * Usage: `new Piscina({ ...workerModule(import.meta.url, './plan-worker.js'), ... })` or
 * `new Worker(new URL(w.filename), { execArgv: w.execArgv })`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface WorkerModule {
  /** `file:` URL of the worker module to load. */
  readonly filename: string;
  /** `execArgv` the thread needs (empty when compiled). */
  readonly execArgv: string[];
}

/** True when the module at `callerUrl` runs from TypeScript sources. */
export function runsFromSources(callerUrl: string): boolean {
  return callerUrl.endsWith('.ts');
}

/**
 * The worker module `relativeJsPath` (written with `.js`, as in an import) beside
 * `callerUrl` (pass `import.meta.url`), and the `execArgv` to load it.
 */
export function workerModule(callerUrl: string, relativeJsPath: string): WorkerModule {
  if (!relativeJsPath.endsWith('.js')) throw new Error(`slackline/util: worker module ${relativeJsPath} must be named with .js, as in an import`);
  if (!runsFromSources(callerUrl)) return { filename: new URL(relativeJsPath, callerUrl).href, execArgv: [] };
  return { filename: new URL(`${relativeJsPath.slice(0, -3)}.ts`, callerUrl).href, execArgv: tsxWorkerExecArgv() };
}

/** A module URL a worker imports by URL (e.g. a planner registry): `.ts` from sources, `.js` compiled. */
export function siblingModuleUrl(callerUrl: string, relativeJsPath: string): string {
  return workerModule(callerUrl, relativeJsPath).filename;
}

let tsxArgv: string[] | undefined;

function tsxWorkerExecArgv(): string[] {
  if (tsxArgv === undefined) {
    const require = createRequire(import.meta.url);
    const tsxDir = dirname(require.resolve('tsx/package.json'));
    const apiUrl = pathToFileURL(join(tsxDir, 'dist', 'esm', 'api', 'index.mjs')).href;
    const preload = `import { register } from ${JSON.stringify(apiUrl)}; register();`;
    tsxArgv = ['--import', `data:text/javascript,${encodeURIComponent(preload)}`];
  }
  return [...tsxArgv];
}
