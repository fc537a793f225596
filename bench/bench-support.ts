import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'fs';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfig } from '@forkline/platform';
import { createApp } from '../apps/api/src/create-app';

const madeDirs: string[] = [];
// A benchmark's data dirs (up to a million events each) are removed when the process ends, however it ends.
process.on('exit', () => madeDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'forkline-bench-'));
  madeDirs.push(dir);
  return dir;
};

/** The benchmarks act as user `bench`, with a rate limit out of the way. */
const KEY = 'bench-key-9c4e1a7f3d0b5e2c8a6f1d3b7e9c0a52';
const AUTH = { authorization: `Bearer ${KEY}` };

export async function startApp(dataDir: string, env: Record<string, string> = {}): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(
    loadConfig({
      LOG_LEVEL: 'error',
      ...process.env,
      API_KEYS: `${KEY}:bench`,
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
      DATA_DIR: dataDir,
    }),
  );
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

export async function post(url: string, body: unknown): Promise<any> {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...AUTH }, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function get(url: string): Promise<any> {
  const r = await fetch(url, { headers: AUTH });
  if (r.status !== 200) throw new Error(`${url}: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function timed<T>(work: () => Promise<T>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** The q-quantile (0..1) of the samples, nearest rank. */
export function quantile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function summary(label: string, samples: number[]): string {
  const at = (q: number) => quantile(samples, q).toFixed(1);
  return `${label}: n=${samples.length} p50=${at(0.5)} ms p95=${at(0.95)} ms max=${at(1)} ms`;
}
