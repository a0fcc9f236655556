/** The static list of sub-commands: one import and one entry per command file. */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commands: readonly RegisterCommand[] = [];
