/**
 * `npm run bench`: runs every tinybench suite in turn (or the ones named on the command
 * line: `npm run bench -- critical-path predictor`). Each suite prints its table and
 * writes `results/bench/<suite>.json` with the machine description.
 */
import { suites } from './suites.js';
import { machineLine } from '../src/util/machine.js';

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in suites));
if (unknown.length > 0) {
  console.error(`slackline/bench: unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
  process.exit(1);
}
console.log(`machine: ${machineLine()}`);
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  await run();
}
