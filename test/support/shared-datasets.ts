/**
 * Where the third-party traces live (not shipped: some have no license): `../shared/datasets`
 * beside the repository, or SLACKLINE_SHARED_DATASETS (the same rule as
 * `src/predict/eval-sources.ts`, whose constant this re-exports). Tests that need them call
 * `sharedDataset(sub)` and skip LOUDLY (a console warning naming the folder) when absent;
 * with SLACKLINE_REQUIRE_SHARED_DATASETS=1 (CI, when the shared folder exists) an absent
 * folder throws instead, so those tests fail rather than skip.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DATASETS_DIR } from '../../src/predict/eval-sources.js';

export { SHARED_DATASETS_DIR };

/** The folder, or undefined after printing why the tests that need it are skipped (throws when they are required). */
export function sharedDataset(sub: string): string | undefined {
  const dir = join(SHARED_DATASETS_DIR, sub);
  if (existsSync(dir)) return dir;
  if (process.env['SLACKLINE_REQUIRE_SHARED_DATASETS'] === '1') {
    throw new Error(`SLACKLINE_REQUIRE_SHARED_DATASETS=1 but ${dir} is absent: the shared-data tests must run here`);
  }
  console.warn(`SKIPPING tests that need ${dir}: folder absent (set SLACKLINE_SHARED_DATASETS to the shared datasets folder)`);
  return undefined;
}
