/**
 * The check `slackline import` runs on a converted dataset before writing it (as
 * `requireValidDataset` does for generated ones). Importers check values where they read
 * them, so an error here is a converter's slip or a case they do not foresee; the message
 * still speaks of the input: each error names the input its run came from (file, CSV line
 * or request) and the task by id, instead of the output dataset's JSON path (which stays in
 * the error's `details`), and at most SHOWN_ERRORS are listed.
 */
import { SlacklineError } from '../errors.js';
import type { Dataset } from '../dataset/types.js';
import { validateDataset } from '../dataset/validate-dataset.js';

const SHOWN_ERRORS = 10;
const LABEL = '<converted>';
/** A validator error: `<JSON path>: <reason>` (the path may quote ids holding ": "). */
const ERROR = /^(\$(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*): ([\s\S]*)$/;

export interface ImportOrigin {
  /** The files or folders converted. */
  readonly inputs: readonly string[];
  /** Per run of the dataset: where it was converted from (`<file>`, `<csv> request <id>`, `<csv> line <n>`). */
  readonly runSources: readonly string[];
}

function listed(items: readonly string[], max = 2): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** `[k]<rest>` of a list under a run or workflow, as `<what> "<id>" <field>`. */
function item(rest: string, name: (k: number) => string): string {
  const m = /^\[(\d+)\]\.?(.*)$/.exec(rest)!;
  return `${name(Number(m[1]))}${m[2] ? ` ${m[2]}` : ''}`;
}

function inSourceTerms(path: string, reason: string, dataset: Dataset, origin: ImportOrigin): string {
  let m = /^\$\.runs\[(\d+)\](.*)$/.exec(path);
  if (m) {
    const r = Number(m[1]);
    const run = dataset.runs[r];
    const rest = m[2]!;
    const source = origin.runSources[r] ?? `run ${r + 1}`;
    let what: string;
    if (run && rest.startsWith('.metrics.tasks[')) what = item(rest.slice('.metrics.tasks'.length), (k) => `task "${run.metrics.tasks[k]?.taskId}"`);
    else if (run && rest.startsWith('.metrics.workerStarts[')) what = item(rest.slice('.metrics.workerStarts'.length), (k) => `start of worker "${run.metrics.workerStarts[k]?.workerId}"`);
    else if (rest.startsWith('.metrics.transfers[')) what = item(rest.slice('.metrics.transfers'.length), (k) => `transfer ${k + 1}`);
    else what = rest === '' ? 'the run' : rest.slice(1);
    return `${source}: ${what}: ${reason}`;
  }
  m = /^\$\.workflows\[(\d+)\](.*)$/.exec(path);
  const workflow = m ? dataset.workflows[Number(m[1])] : undefined;
  if (m && workflow) {
    const rest = m[2]!;
    const sources = dataset.runs.flatMap((run, r) => (run.dagId.endsWith(`_${workflow.signature}`) ? [origin.runSources[r] ?? `run ${r + 1}`] : []));
    let what = `workflow "${workflow.name}"`;
    if (rest.startsWith('.tasks[')) what += ` ${item(rest.slice('.tasks'.length), (k) => `task "${workflow.tasks[k]?.id}"`)}`;
    else if (rest.startsWith('.edges[')) what += ` ${item(rest.slice('.edges'.length), (k) => `edge ${workflow.edges[k]?.from} -> ${workflow.edges[k]?.to}`)}`;
    else if (rest !== '') what += ` ${rest.slice(1)}`;
    return `${sources.length > 0 ? listed(sources) : listed(origin.inputs)}: ${what}: ${reason}`;
  }
  // A dataset-level field (name, ladder): set by the importer or an option, so named by its path.
  return `${listed(origin.inputs)}: dataset field ${path}: ${reason}`;
}

export function requireValidImport(module: string, dataset: Dataset, out: string, origin: ImportOrigin): void {
  const { errors } = validateDataset(dataset, LABEL);
  if (errors.length === 0) return;
  const lines = errors.map((error) => {
    const m = ERROR.exec(error.startsWith(`${LABEL}: `) ? error.slice(LABEL.length + 2) : error);
    return m ? inSourceTerms(m[1]!, m[2]!, dataset, origin) : error;
  });
  const n = errors.length;
  const more = n > SHOWN_ERRORS ? `\n  ... and ${n - SHOWN_ERRORS} more` : '';
  throw new SlacklineError(
    module,
    `converts into an invalid dataset, nothing written to ${out} (${n} error${n === 1 ? '' : 's'}):\n  ${lines.slice(0, SHOWN_ERRORS).join('\n  ')}${more}`,
    { file: listed(origin.inputs) },
    errors,
  );
}
