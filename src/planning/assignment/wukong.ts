/**
 * wukong: WUKONG's locality rules. One branch of a fan-out (the one receiving the most
 * bytes) continues on the upstream executor and every other branch gets its own; a
 * fan-in runs on the executor that completes its last input (finishes estimated as
 * longest paths of `taskMs`).
 *
 *   a -> b, a -> c     b continues on a's worker (more bytes), c on a new one
 *   b, c -> d          d on the worker of whichever of b, c finishes last
 *
 * O(V + E log d). Source: Carver et al., "Wukong: a scalable and locality-enhanced
 * framework for serverless parallel computing", SoCC 2020, section 4
 * (https://doi.org/10.1145/3419111.3421286). Departure: WUKONG decides the fan-in at run
 * time by whichever executor arrives last; here it is decided from estimated finishes.
 */
import { assignWorkers } from '../assign-workers.js';
import type { AssignmentStrategy } from './types.js';

export const wukong: AssignmentStrategy = {
  id: 'wukong',
  description: 'WUKONG: one fan-out branch continues, the others get their own; a fan-in runs where its last input finishes',
  source: 'https://doi.org/10.1145/3419111.3421286',
  assign: (dag, taskMs) => assignWorkers(dag, { fanOutKeep: 1, groupShortBranches: false, fanInRule: 'last-finishing', taskMs }),
};
