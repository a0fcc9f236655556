/**
 * The project's own package.json (name, version) and root folder (`package-root.ts`), so
 * it works from the TypeScript sources and from compiled `dist/`.
 * Also the git commit when the project runs from a checkout (provenance of results).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  /** Folder holding package.json. */
  readonly root: string;
}

let info: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (info !== undefined) return info;
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return (info = { name: pkg.name, version: pkg.version, root: PACKAGE_ROOT });
}

export interface GitCommit {
  readonly commit: string;
  /** Tracked files differ from the commit. */
  readonly dirty: boolean;
}

/** The checkout's commit, or undefined when the project is not run from a git checkout (or git is missing). */
export function gitCommit(root: string = packageInfo().root): GitCommit | undefined {
  if (!existsSync(join(root, '.git'))) return undefined;
  try {
    const run = (args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    const commit = run(['rev-parse', 'HEAD']);
    if (!/^[0-9a-f]{40}$/.test(commit)) return undefined;
    return { commit, dirty: run(['status', '--porcelain', '--untracked-files=no']).length > 0 };
  } catch {
    return undefined;
  }
}
