/**
 * The `--metrics <source>` option every command that reads metrics adds (plan, bench,
 * replay...), so they all accept the same sources: a dataset file, a shipped dataset
 * name, or `redis://host:port[/db][?namespace=ns]`.
 *
 *   command.addOption(metricsOption());
 *   const store = await openMetricsStore(opts.metrics ?? datasetFile);
 */
import { Option } from 'commander';

export function metricsOption(description = 'metrics source: a dataset file, a shipped dataset name, or redis://host:port[/db][?namespace=ns]'): Option {
  return new Option('--metrics <source>', description).env('SLACKLINE_METRICS');
}
