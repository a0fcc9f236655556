/**
 * `slackline validate <file>`: checks a dataset file against format v1 and lists every
 * error with its JSON path. Exit code 0 when valid, 1 otherwise.
 */
import type { Command } from 'commander';
import { validateDatasetFile } from '../../dataset/load-dataset.js';
import { resolveDataset } from '../../dataset/registry.js';
import { isSlacklineError } from '../../errors.js';

export function register(program: Command): void {
  program
    .command('validate')
    .description('Validate a dataset file (format v1); lists every error with its JSON path, exit 1 if any')
    .argument('<file>', 'dataset file, or the name of a shipped dataset')
    .option('--json', 'print { file, valid, errors } as JSON')
    .action((fileArg: string, options: { json?: boolean }) => {
      const file = resolveDataset(fileArg);
      let errors: readonly string[];
      try {
        errors = validateDatasetFile(file).errors;
      } catch (error) {
        // Unreadable or not JSON: one more way to be invalid, reported the same way (also with --json).
        if (!isSlacklineError(error)) throw error;
        errors = [error.message];
      }
      if (errors.length > 0) process.exitCode = 1; // before printing: a reader that closes early still sees the failure
      if (options.json) console.log(JSON.stringify({ file, valid: errors.length === 0, errors }, null, 2));
      else if (errors.length === 0) console.log(`${file}: valid (dataset format v1)`);
      else {
        console.error(`${file}: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
        for (const e of errors) console.error(`  ${e}`);
      }
    });
}
