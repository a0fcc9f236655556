/** The static list of benchmark suites: one import and one entry per `<topic>.bench.ts`. */
export type Suite = () => Promise<void>;

export const suites: Record<string, Suite> = {};
