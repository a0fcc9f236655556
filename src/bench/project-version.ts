/**
 * The project version that goes into every run key: the package version plus the hash of
 * the source closure of the sweep's engine (instance preparation: dataset loading, the
 * predictor, the duration table; job execution: planning context, plan validation, the
 * simulator). A change to any of that code makes every stored row stale, because every
 * row's numbers come through it; a change to one planner only makes that planner's rows
 * stale (`planner-registry.ts`).
 */
import { createHash } from 'node:crypto';
import { packageInfo } from '../util/package-info.js';
import { sourceVersion } from '../util/source-version.js';
import { siblingModuleUrl } from '../util/worker-module.js';

let version: string | undefined;

export function projectVersion(): string {
  if (version !== undefined) return version;
  const root = packageInfo().root;
  const engine = ['./bench-instance.js', './execute-job.js'].map((entry) => sourceVersion(siblingModuleUrl(import.meta.url, entry), root));
  const hash = createHash('sha256').update(engine.join('/')).digest('hex').slice(0, 12);
  return (version = `${packageInfo().version}+engine.${hash}`);
}
