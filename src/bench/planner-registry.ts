/**
 * The planner registry a sweep runs: the planner modules themselves (for the main thread)
 * and where a worker thread finds the same list (module URL + export name). The default is
 * `algorithms/index` (`.js` compiled, `.ts` from sources); tests pass a fixture module with planners that throw or hang.
 *
 * A planner's version (part of every run key) is the hash of its source closure: the file
 * `<registry folder>/<id>.ts|js` and everything it imports; a planner without a file of
 * its own (fixtures holding several) gets the closure of the registry module itself.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planners } from '../../algorithms/index.js';
import type { PlannerModule } from '../planning/types.js';
import { packageInfo } from '../util/package-info.js';
import { sourceVersion } from '../util/source-version.js';
import { siblingModuleUrl } from '../util/worker-module.js';
import type { PlannerRegistryRef } from './job.js';

export interface PlannerRegistry {
  readonly planners: readonly PlannerModule[];
  readonly ref: PlannerRegistryRef;
  /** Version of a planner's code; by default `plannerSourceVersion`. Tests override it to stand for an edited planner. */
  readonly versionOf?: (plannerId: string) => string;
}

export function defaultPlannerRegistry(): PlannerRegistry {
  return { planners, ref: { moduleUrl: siblingModuleUrl(import.meta.url, '../../algorithms/index.js'), exportName: 'planners' } };
}

/** Hash of the source closure of the planner's own file, else of the registry module. */
export function plannerSourceVersion(ref: PlannerRegistryRef, plannerId: string): string {
  const registryFile = fileURLToPath(ref.moduleUrl);
  const dir = dirname(registryFile);
  const own = [extname(registryFile), '.ts', '.js'].map((ext) => join(dir, `${plannerId}${ext}`)).find((file) => existsSync(file));
  return sourceVersion(own ?? registryFile, packageInfo().root);
}

export function plannerVersion(registry: PlannerRegistry, plannerId: string): string {
  return registry.versionOf ? registry.versionOf(plannerId) : plannerSourceVersion(registry.ref, plannerId);
}
