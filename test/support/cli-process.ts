import { spawn } from 'child_process';
import { join } from 'path';
import { TEST_AUTH_ENV } from './test-app';

const CLI = join(__dirname, '..', '..', 'tools', 'forkline.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `forkline` CLI as its own process (`npm run build` first), as a user would. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...TEST_AUTH_ENV, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
