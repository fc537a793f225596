import { mkdirSync } from 'fs';
import { isIP } from 'net';
import { resolve } from 'path';
import { checkModelSetting } from '@forkline/agent';

export interface AppConfig {
  port: number;
  /** The address the server listens on: loopback unless the deployment says otherwise (the image sets 0.0.0.0). */
  host: string;
  dataDir: string;
  model: string;
  offlineTokenDelayMs: number;
  /** How many of a thread's latest messages the model is given. */
  agentContextMessages: number;
  /** At most this many characters of conversation go to the model per call (the newest messages that fit). */
  agentContextChars: number;
  /** At most this many agent runs at once, across threads; the others wait their turn. */
  maxConcurrentRuns: number;
  /** How long a command's response waits for the read models to show its effect. */
  readYourWritesTimeoutMs: number;
  rateLimitPerMinute: number;
  /** Bytes of event data one append may carry; the embedded store enforces it, EventStoreDB has its own (set both alike). */
  maxAppendSize: number;
  /** Bytes of event data a user's threads may hold before new messages are refused (413). */
  userStorageBytes: number;
  /** How many threads each per-thread cache keeps (folded states, lineage origins, checkpoint indexes). */
  cachedThreads: number;
  /** Where provider settings (OPENAI_API_KEY, OPENAI_BASE_URL, ...) are read from. */
  env: NodeJS.ProcessEnv;
}

/** A configuration mistake: main prints its one-line message and exits, no stack trace. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const model = env.MODEL ?? 'offline';
  const modelProblem = checkModelSetting(model);
  if (modelProblem) throw new ConfigError(modelProblem);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: listenHost(env.HOST),
    dataDir: resolve(env.DATA_DIR ?? './data'),
    model,
    offlineTokenDelayMs: integer(env, 'OFFLINE_TOKEN_DELAY_MS', 5, 0, 60_000),
    agentContextMessages: integer(env, 'AGENT_CONTEXT_MESSAGES', 100, 1, 100_000),
    agentContextChars: integer(env, 'AGENT_CONTEXT_CHARS', 200_000, 1_000, 100_000_000),
    maxConcurrentRuns: integer(env, 'MAX_CONCURRENT_RUNS', 8, 1, 10_000),
    readYourWritesTimeoutMs: integer(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60_000),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    // EventStoreDB's own setting, by the same name: its default, and at most its 16 MiB ceiling.
    maxAppendSize: integer(env, 'EVENTSTORE_MAX_APPEND_SIZE', 1024 * 1024, 1024, 16 * 1024 * 1024),
    cachedThreads: integer(env, 'CACHED_THREADS', 10_000, 1, 10_000_000),
    userStorageBytes: integer(env, 'USER_STORAGE_BYTES', 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    env,
  };
}

/** Creates DATA_DIR if needed; a path that cannot be a directory is a configuration error. */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(`DATA_DIR '${dataDir}' cannot hold the embedded stores: ${(error as Error).message}`);
  }
}

function listenHost(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (isIP(raw) || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(raw)) return raw;
  throw new ConfigError(`HOST must be an IP address or host name to listen on (0.0.0.0 for every interface); got '${raw}'`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}; got '${raw}'`);
  }
  return value;
}
