/**
 * Where the third-party traces live (not shipped: some have no license): `../shared/datasets`
 * beside the repository, or SLACKLINE_SHARED_DATASETS. Tests that need them call
 * `sharedDataset(sub)` and skip LOUDLY (a console warning naming the folder) when absent.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SHARED_DATASETS_DIR = process.env.SLACKLINE_SHARED_DATASETS ?? resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/datasets');

/** The folder, or undefined after printing why the tests that need it are skipped. */
export function sharedDataset(sub: string): string | undefined {
  const dir = join(SHARED_DATASETS_DIR, sub);
  if (existsSync(dir)) return dir;
  console.warn(`SKIPPING tests that need ${dir}: folder absent (set SLACKLINE_SHARED_DATASETS to the shared datasets folder)`);
  return undefined;
}
