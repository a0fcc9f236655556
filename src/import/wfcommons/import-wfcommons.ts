/**
 * `slackline import wfcommons` as a function: reads WfFormat files (1.5 or 1.0-1.4), parses
 * each (`parse-wfformat.ts`) and converts them into one dataset (`to-dataset.ts`). The seed
 * of each run's uuid is a hash of the file's bytes, so importing the same files again gives
 * an identical dataset. A file given twice (under any spelling of its path) is refused:
 * it would record the same run twice, under the same DAG id.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { SlacklineError } from '../../errors.js';
import type { Dataset } from '../../dataset/types.js';
import type { ImportWarning } from '../import-warning.js';
import { parseWfFormat } from './parse-wfformat.js';
import { wfInstancesToDataset } from './to-dataset.js';
import type { WfCommonsDatasetOptions, WfInstanceInput } from './to-dataset.js';

export interface WfCommonsImport {
  readonly dataset: Dataset;
  readonly warnings: readonly ImportWarning[];
  /** Per run of `dataset.runs` (one per file, in order): the file it was converted from. */
  readonly runSources: readonly string[];
}

export interface ImportWfCommonsOptions extends WfCommonsDatasetOptions {
  /** How a file is named in messages and `source.files`. @default the path as given */
  readonly displayName?: (path: string) => string;
}

/** Seed for a file's run uuid: the first 32 bits of the SHA-256 of its bytes. */
export function seedFromBytes(bytes: Uint8Array | string): number {
  return Number.parseInt(createHash('sha256').update(bytes).digest('hex').slice(0, 8), 16);
}

/** Parses one file's text (no conversion): for callers that hold the text already. */
export function readWfInstanceText(text: string, file: string, warnings: ImportWarning[]): WfInstanceInput {
  return { instance: parseWfFormat(text, warnings, { file }), file, seed: seedFromBytes(text) };
}

/** The file a path names: symlinks and `./` resolved; a missing file keeps its absolute path (reading it fails next). */
function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function refuseDuplicates(paths: readonly string[]): void {
  const first = new Map<string, number>();
  paths.forEach((path, i) => {
    const canonical = canonicalPath(path);
    const earlier = first.get(canonical);
    if (earlier !== undefined) {
      const same = paths[earlier] === path ? '' : ` as "${paths[earlier]}"`;
      throw new SlacklineError('import/wfcommons', `given twice (argument ${earlier + 1}${same} and argument ${i + 1}): one file is one recorded run; importing it twice would record the same run twice`, { file: path });
    }
    first.set(canonical, i);
  });
}

export function importWfCommons(paths: readonly string[], options: ImportWfCommonsOptions = {}): WfCommonsImport {
  refuseDuplicates(paths);
  const warnings: ImportWarning[] = [];
  const inputs = paths.map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new SlacklineError('import/wfcommons', code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(error)})`, { file: path });
    }
    return readWfInstanceText(text, options.displayName ? options.displayName(path) : path, warnings);
  });
  const dataset = wfInstancesToDataset(inputs, options, warnings);
  return { dataset, warnings, runSources: inputs.map((input) => input.file) };
}
