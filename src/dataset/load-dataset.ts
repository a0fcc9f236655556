/**
 * Reads a dataset file (format v1), validates it and returns it. Any problem (missing
 * file, bad JSON, every structural and semantic error) becomes one SlacklineError naming
 * the file; its `details` list every error with its JSON path.
 */
import { readFileSync } from 'node:fs';
import { SlacklineError } from '../errors.js';
import type { Dataset } from './types.js';
import { validateDataset } from './validate-dataset.js';
import type { DatasetValidation } from './validate-dataset.js';

/** How many errors the message shows; `details` always holds all of them. */
const SHOWN_ERRORS = 50;

/** Reads and parses a file as JSON, with a clear error for a missing file or bad JSON. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SlacklineError('dataset', code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? String(e)})`, { file: path });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new SlacklineError('dataset', `not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

/** Validates a file without throwing for dataset errors (a missing file or bad JSON still throws). */
export function validateDatasetFile(path: string): DatasetValidation {
  return validateDataset(readJsonFile(path), path);
}

export function loadDataset(path: string): Dataset {
  return datasetFromJson(readJsonFile(path), path);
}

/** A parsed JSON value (read from `path`, a file or another source such as a Redis key) to a valid dataset, or one SlacklineError listing every problem. */
export function datasetFromJson(value: unknown, path: string): Dataset {
  const { dataset, errors } = validateDataset(value, path);
  if (dataset) return dataset;
  const shown = errors.slice(0, SHOWN_ERRORS).join('\n  ');
  const more = errors.length > SHOWN_ERRORS ? `\n  ... and ${errors.length - SHOWN_ERRORS} more` : '';
  throw new SlacklineError('dataset', `invalid dataset (${errors.length} error${errors.length === 1 ? '' : 's'}):\n  ${shown}${more}`, { file: path }, errors);
}
