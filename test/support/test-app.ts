import { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'fs';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadConfig } from '@forkline/platform';
import { createApp } from '../../apps/api/src/create-app';

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  dataDir: string;
  close(): Promise<void>;
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'forkline-test-'));

/** Two users with keys (strong enough to be accepted), and rate limits high enough not to get in the way of ordinary tests. */
export const ALICE_KEY = 'alice-test-key-6f1d3a9c0b7e4d2a8c5f1e3b9d7a0c64';
export const BOB_KEY = 'bob-test-key-2b8e5c1f9a3d7e0b4c6a8f2d1e9b3c75';
export const TEST_AUTH_ENV = {
  API_KEYS: `${ALICE_KEY}:alice,${BOB_KEY}:bob`,
  RATE_LIMIT_PER_MINUTE: '1000000',
  AUTH_FAILURES_PER_MINUTE: '1000000',
};

/** The real app on a real port on 127.0.0.1, over a fresh (or given) DATA_DIR. */
export async function startTestApp(env: Record<string, string> = {}, dataDir = newDataDir()): Promise<TestApp> {
  // Quiet unless asked (LOG_LEVEL=info npm test shows every request's line).
  const config = loadConfig({
    LOG_LEVEL: 'error',
    ...process.env,
    OFFLINE_TOKEN_DELAY_MS: '0',
    ...TEST_AUTH_ENV,
    ...env,
    DATA_DIR: dataDir,
    PORT: '0',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${port}`, dataDir, close: () => app.close() };
}

export interface JsonResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** Bearer key to send; null sends none. Default: alice's. */
  key?: string | null;
  headers?: Record<string, string>;
}

/** A tiny JSON client over fetch; `body` may be a raw string to send malformed input. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<JsonResponse<T>> {
  const key = options.key === undefined ? ALICE_KEY : options.key;
  const response = await fetch(baseUrl + path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

/** Polls until `probe` returns a value that `done` accepts, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
