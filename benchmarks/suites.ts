/** The static list of benchmark suites: one import and one entry per `<topic>.bench.ts`. */
import { run as criticalPath } from './critical-path.bench.js';
import { run as importTraces } from './import.bench.js';
import { run as dataset } from './dataset.bench.js';
import { run as redisLoad } from './redis-load.bench.js';
import { run as predictor } from './predictor.bench.js';
import { run as planning } from './planning.bench.js';
import { run as planningSplits } from './planning-splits.bench.js';
import { run as plannersLatency } from './planners-latency.bench.js';
import { run as poolThroughput } from './pool-throughput.bench.js';
import { run as speedAtScale } from './speed-at-scale.bench.js';
import { run as monteCarlo } from './monte-carlo.bench.js';
import { run as queueThroughput } from './queue-throughput.bench.js';
import { run as mainJob } from './main-job.bench.js';
export type Suite = () => Promise<void>;

export const suites: Record<string, Suite> = {
  predictor,
  'redis-load': redisLoad,
  dataset,
  import: importTraces,
  'critical-path': criticalPath,
  planning,
  'planning-splits': planningSplits,
  'planners-latency': plannersLatency,
  'pool-throughput': poolThroughput,
  'speed-at-scale': speedAtScale,
  'main-job': mainJob,
  'monte-carlo': monteCarlo,
  'queue-throughput': queueThroughput,
};
