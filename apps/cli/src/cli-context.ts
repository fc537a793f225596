import { AppConfig, Backends, loadConfig, openBackends } from '@forkline/platform';
import { escapeControl } from './terminal-text';

/**
 * What every command gets: the server's own configuration and stores, and where to write (`out` and `err`
 * print one line each, control characters escaped: what they print comes from stored, user-written text).
 */
export interface CliContext {
  config: AppConfig;
  backends: Backends;
  out: (line: string) => void;
  err: (line: string) => void;
  isTty: boolean;
}

export async function openContext(): Promise<CliContext> {
  const config = loadConfig();
  return {
    config,
    backends: await openBackends(config),
    out: (line) => process.stdout.write(`${escapeControl(line)}\n`),
    err: (line) => process.stderr.write(`${escapeControl(line)}\n`),
    isTty: Boolean(process.stderr.isTTY),
  };
}

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}
