/**
 * The repository root (the folder holding slackline's package.json), found from this
 * module's own location: the same answer whether it runs from the TypeScript sources
 * (`src/util/`) or from the compiled `dist/src/util/`, so paths to shipped files
 * (`datasets/`, `../shared/datasets`) do not depend on which of the two is running.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'slackline') return dir;
    if (dirname(dir) === dir) throw new Error(`slackline/util: no slackline package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the repository, from its root. */
export function packagePath(...parts: string[]): string {
  return resolve(PACKAGE_ROOT, ...parts);
}
