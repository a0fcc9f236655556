/**
 * The check every command runs before it writes a dataset it built (generate, import):
 * a dataset that fails format v1 (an empty --name, a converter's slip) is refused with
 * every error and its JSON path, and nothing is written, so no invalid file is left behind.
 */
import { SlacklineError } from '../errors.js';
import type { Dataset } from './types.js';
import { validateDataset } from './validate-dataset.js';

const SHOWN_ERRORS = 20;

export function requireValidDataset(module: string, dataset: Dataset, file: string): void {
  const { errors } = validateDataset(dataset, file);
  if (errors.length === 0) return;
  const more = errors.length > SHOWN_ERRORS ? `\n  ... and ${errors.length - SHOWN_ERRORS} more` : '';
  throw new SlacklineError(module, `the dataset to write is invalid, nothing written (${errors.length} error${errors.length === 1 ? '' : 's'}):\n  ${errors.slice(0, SHOWN_ERRORS).join('\n  ')}${more}`, { file }, errors);
}
