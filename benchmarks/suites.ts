/** The static list of benchmark suites: one import and one entry per `<topic>.bench.ts`. */
import { run as redisLoad } from './redis-load.bench.js';
export type Suite = () => Promise<void>;

export const suites: Record<string, Suite> = {
  'redis-load': redisLoad,
};
