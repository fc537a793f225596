import { AppConfig, Backends, loadConfig, openBackends } from '@forkline/platform';

/** What every command gets: the server's own configuration and stores, and where to write. */
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
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    isTty: Boolean(process.stderr.isTTY),
  };
}

/** A mistake in the command line: printed as one line, exit code 2. */
export class UsageError extends Error {}
