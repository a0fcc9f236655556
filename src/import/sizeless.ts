/**
 * Converts the Sizeless-style submission artefact (submission-artefacts/sizeless,
 * `data/validation-data-all/<MEM>MB/Repetition_<r>/<function>.csv`) into a dataset: one
 * func per file name, one run per row, memory from the folder name.
 *
 * Units: `duration` is milliseconds (the repository's evaluate.py). Platform, region and
 * date are not stated anywhere in the source; 16384 MB exceeds AWS Lambda's limit. Rows
 * with a non-positive or non-numeric duration are dropped (and counted in a warning); a
 * file with a header and no rows adds nothing for its func, size and repetition (warned).
 * The data has NO license: convert on the fly for evaluation, do not ship the output.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { requireFolder } from './require-folder.js';
import { join } from 'node:path';
import { SlacklineError } from '../errors.js';
import { readPlainCsv } from './read-plain-csv.js';
import { singleFunctionDataset, type Invocation } from './single-function-dataset.js';
import type { ImportResult } from './sebs-artifact.js';
import type { ImportWarning } from './import-warning.js';
import { implausibleMemoryMb, implausibleMs } from './plausible.js';

const MODULE = 'import/sizeless';
const MEMORY_DIR = /^(\d+)MB$/;

function validationDir(dir: string): string {
  requireFolder(MODULE, dir);
  for (const candidate of [join(dir, 'data', 'validation-data-all'), join(dir, 'validation-data-all'), dir]) {
    if (existsSync(candidate) && statSync(candidate).isDirectory() && readdirSync(candidate).some((d) => MEMORY_DIR.test(d))) return candidate;
  }
  throw new SlacklineError(MODULE, 'no <MEM>MB folders found (expected data/validation-data-all/<MEM>MB/Repetition_<r>/<function>.csv)', { file: dir });
}

export function importSizeless(dir: string): ImportResult {
  const root = validationDir(dir);
  const warnings: ImportWarning[] = [];
  const invocations: Invocation[] = [];
  const files: string[] = [];
  const memoryDirs = readdirSync(root).filter((d) => MEMORY_DIR.test(d)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
  for (const memDir of memoryDirs) {
    const memoryMb = Number(MEMORY_DIR.exec(memDir)![1]);
    const badMemory = implausibleMemoryMb(memoryMb);
    if (badMemory) throw new SlacklineError(MODULE, `memory ${memoryMb} MB from the folder name: ${badMemory}`, { file: join(root, memDir) });
    for (const rep of readdirSync(join(root, memDir)).filter((d) => d.startsWith('Repetition_')).sort()) {
      for (const name of readdirSync(join(root, memDir, rep)).filter((f) => f.endsWith('.csv')).sort()) {
        const file = join(root, memDir, rep, name);
        const func = name.slice(0, -'.csv'.length);
        const rel = `${memDir}/${rep}/${name}`;
        files.push(rel);
        const csv = readPlainCsv(file, MODULE);
        const cDuration = csv.column('duration');
        if (csv.rows.length === 0) warnings.push({ taskId: func, field: `${rel}: duration`, message: `no rows (header only): nothing recorded for ${func} at ${memoryMb} MB in ${rep}` });
        let dropped = 0;
        csv.rows.forEach((row, i) => {
          const execMs = Number(row[cDuration]);
          if (!(execMs > 0) || !Number.isFinite(execMs)) return void dropped++;
          const tooLong = implausibleMs(execMs);
          if (tooLong) throw new SlacklineError(MODULE, `duration ${execMs} ms: ${tooLong}`, { file, path: `line ${i + 2} column duration` });
          invocations.push({ func, memoryMb, execMs, source: `${rel} line ${i + 2}` });
        });
        if (dropped > 0) warnings.push({ taskId: func, field: `${rel}: duration`, message: `${dropped} row(s) dropped at ${memoryMb} MB: duration not a positive number` });
      }
    }
  }
  if (invocations.length === 0) throw new SlacklineError(MODULE, 'no usable invocations found', { file: dir });
  const dataset = singleFunctionDataset(
    {
      name: 'sizeless',
      description: 'Sizeless-style single-function measurements: 22 functions x 8 memory sizes x 3 repetitions x 100 invocations (platform unknown)',
      source: {
        kind: 'recorded',
        origin: 'submission-artefacts/sizeless @ cfca3e1ad6d14144e212e2c06cc58838d892443c, data/validation-data-all',
        license: 'NOASSERTION',
        url: 'https://github.com/submission-artefacts/sizeless',
        files: [`${files.length} files <MEM>MB/Repetition_<r>/<function>.csv`],
        notes: 'duration (ms) per invocation; memory from the folder name; platform unknown; no transfers or worker starts. No license: not for redistribution.',
      },
    },
    invocations,
  );
  return { dataset, warnings, runSources: invocations.map((inv, i) => inv.source ?? `invocation ${i + 1}`) };
}
