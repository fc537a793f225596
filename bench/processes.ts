import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
export const BENCH_KEY = 'bench-key-9c4e1a7f3d0b5e2c8a6f1d3b7e9c0a52';
const TICKS = 100; // clock ticks per second (USER_HZ), what /proc/<pid>/stat counts CPU in

export interface Proc {
  child: ChildProcess;
  baseUrl: string;
}

/** The built server (or worker) as its own process, as `npm start` runs it: with package.json's V8 memory flags (and `extraFlags`). */
export function startForkline(env: Record<string, string>, worker = false, extraFlags: string[] = []): Promise<Proc> {
  const main = join(ROOT, 'dist/apps/api/src', worker ? 'worker.js' : 'main.js');
  const flags: string[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).config.node_flags.split(' ');
  const child = spawn(process.execPath, [...flags, ...extraFlags, '-r', join(ROOT, 'tools/register-paths.js'), main], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', API_KEYS: `${BENCH_KEY}:bench`, RATE_LIMIT_PER_MINUTE: '1000000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return started(
    child,
    (output) =>
      /listening on (http:\/\/\S+:\d+) /.exec(output)?.[1] ?? (worker && /Forkline worker started /.test(output) ? '' : undefined),
  );
}

/** Resolves once `ready` finds the process's base URL ('' for a process that serves none) in what it printed. */
export function started(child: ChildProcess, ready: (output: string) => string | undefined): Promise<Proc> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const baseUrl = ready(output);
      if (baseUrl !== undefined) {
        clearTimeout(timer);
        resolve({ child, baseUrl });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`process exited with ${code}:\n${output}`)));
  });
}

/** utime + stime of the process, in milliseconds. */
export const cpuMs = (p: Proc) => {
  const fields = readFileSync(`/proc/${p.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
};
export const rssBytes = (p: Proc) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.child.pid}/status`, 'utf8'))![1]) * 1024;
