import { ChildProcess, spawn } from 'child_process';
import { join } from 'path';
import { TEST_AUTH_ENV } from './test-app';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts the built server (`npm run build` first) as its own process, as `npm start` does. */
export function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/register-paths.js'), join(ROOT, 'dist/apps/api/src/main.js')], {
    env: { ...process.env, PORT: '0', ...TEST_AUTH_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+:\d+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ baseUrl: match[1], child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
}

/**
 * Starts the built worker (`npm run worker`: ROLES=agent unless `env` says otherwise), or with `entry` main.js a process
 * whose ROLES lack api (`npm start` headless); resolves on its start line. `baseUrl` is its listener's (METRICS_PORT), if any.
 */
export function spawnWorker(env: Record<string, string>, entry: 'worker.js' | 'main.js' = 'worker.js'): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'tools/register-paths.js'), join(ROOT, 'dist/apps/api/src', entry)], {
    env: { ...process.env, ...TEST_AUTH_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const started = /Forkline (?:worker|process) started \(.*\)\n/.exec(output);
      if (started) {
        clearTimeout(timer);
        const listener = /, \/health and \/metrics on (http:\/\/\S+:\d+)\)/.exec(started[0]);
        resolve({ baseUrl: listener ? listener[1] : '', child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} before starting:\n${output}`));
    });
  });
}

export function stopServer(server: ServerProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill(signal);
  });
}
