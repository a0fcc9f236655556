/**
 * Writes `datasets/dataset-v1.schema.json` from the zod schema (`npm run schema`). The file
 * is checked in so tools outside this project can validate datasets; a test checks it
 * equals what this writes, so it cannot drift from the validator.
 */
import { pathToFileURL } from 'node:url';
import { writeFileAtomic } from '../util/atomic-write.js';
import { datasetJsonSchema } from './schema.js';
import { packagePath } from '../util/package-root.js';

export const DATASET_SCHEMA_FILE = packagePath('datasets', 'dataset-v1.schema.json');

/** The file's exact text: pretty JSON with a final newline. */
export function datasetSchemaText(): string {
  return `${JSON.stringify(datasetJsonSchema(), null, 2)}\n`;
}

export function writeDatasetSchemaFile(path = DATASET_SCHEMA_FILE): void {
  writeFileAtomic(path, datasetSchemaText());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeDatasetSchemaFile();
  console.log(`wrote ${DATASET_SCHEMA_FILE}`);
}
