/**
 * The HTML report's page script, bundled from `browser/` by esbuild into one classic
 * script (IIFE). `npm run build` runs this file once (`node dist/src/html-report/bundle-page-script.js`)
 * and writes the bundle beside it, `page-script.js`: the compiled CLI then reads that file
 * instead of starting esbuild for every report. Run from sources (tests, tsx), the report
 * bundles the current sources each time, so it never shows a stale build.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SlacklineError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { packagePath } from '../util/package-root.js';
import { runsFromSources } from '../util/worker-module.js';

const require = createRequire(import.meta.url);

/** Where the build leaves the bundle: beside this module, compiled. */
export const PREBUILT_PAGE_SCRIPT = fileURLToPath(new URL('./page-script.js', import.meta.url));

/**
 * The page script's entry, always the TypeScript source (`tsc` does not compile the
 * browser folder), found from the package root so it is the same whether the CLI runs from
 * `src/` or from `dist/`.
 */
function browserEntry(): string {
  const candidates = [join(dirname(fileURLToPath(import.meta.url)), 'browser', 'main.ts'), packagePath('src', 'html-report', 'browser', 'main.ts')];
  const found = candidates.find((file) => existsSync(file));
  if (found === undefined) throw new SlacklineError('report', `the report page's script is missing (looked for ${candidates.join(', ')})`);
  return found;
}

/** Bundles the page script now (esbuild, loaded on this call only). */
export function bundlePageScript(): string {
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  return buildSync({ entryPoints: [browserEntry()], bundle: true, write: false, format: 'iife', target: 'es2020', platform: 'browser', legalComments: 'none', logLevel: 'silent' }).outputFiles[0]!.text;
}

let bundled: string | undefined;

/** The page's script: the build's bundle when running compiled and it is there, else bundled now. */
export function pageScript(): string {
  if (bundled === undefined) {
    const prebuilt = !runsFromSources(import.meta.url) && existsSync(PREBUILT_PAGE_SCRIPT);
    bundled = prebuilt ? readFileSync(PREBUILT_PAGE_SCRIPT, 'utf8') : bundlePageScript();
  }
  return bundled;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (runsFromSources(import.meta.url)) throw new SlacklineError('report', 'bundle-page-script writes the compiled build\'s bundle: run it as dist/src/html-report/bundle-page-script.js');
  writeFileAtomic(PREBUILT_PAGE_SCRIPT, bundlePageScript());
}
