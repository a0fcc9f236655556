/**
 * A reader that goes away early (`slackline info big.json | head -1`, a closed stdout) is
 * not an error of ours: the write fails with EPIPE (or EBADF / ERR_STREAM_DESTROYED for a
 * closed descriptor), and the command ends at once, quietly, instead of an uncaught
 * `Error: write EPIPE` stack. It ends with the exit code the command has set so far (0
 * when none): `validate bad.json | head -1` still fails, so `set -o pipefail` scripts see
 * the invalid file. Commands set their code before printing what it reports. Installed
 * once per process.
 */
const QUIET_CODES = new Set(['EPIPE', 'EBADF', 'ERR_STREAM_DESTROYED', 'ECONNRESET']);

let installed = false;

export function isClosedPipeError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && QUIET_CODES.has(String((error as { code?: unknown }).code));
}

export function exitQuietlyWhenStdoutCloses(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: Error) => {
      if (isClosedPipeError(error)) process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw error;
    });
  }
}
