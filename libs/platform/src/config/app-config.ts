import { chmodSync, mkdirSync, statSync } from 'fs';
import { isIP } from 'net';
import { resolve } from 'path';
import {
  checkModelSetting,
  DEFAULT_AGENT_CACHE_BYTES,
  DEFAULT_CONTEXT_CHARS,
  DEFAULT_MAX_CONCURRENT_RUNS,
  DEFAULT_RUN_LEASE_MS,
} from '@forkline/agent';
import { DEFAULT_CACHED_THREADS, DEFAULT_MAX_APPEND_SIZE } from '@forkline/event-store';
import { duration } from './duration';

export interface AppConfig {
  port: number;
  /** The address the server listens on: loopback unless the deployment says otherwise (the image sets 0.0.0.0). */
  host: string;
  /**
   * The port of a headless process's own listener for GET /health and GET /metrics (METRICS_PORT; 0: any free port).
   * Unset: it opens none. A process with the api role serves both on PORT and ignores it.
   */
  metricsPort?: number;
  dataDir: string;
  model: string;
  offlineTokenDelayMs: number;
  /** How many of a thread's latest messages the model is given. */
  agentContextMessages: number;
  /** At most this many characters of conversation go to the model per call (the newest messages that fit). */
  agentContextChars: number;
  /** At most this many agent runs at once, across threads; the others wait their turn. */
  maxConcurrentRuns: number;
  /** How long a run's lease lasts unrenewed (renewed every third of it): a dead worker's run is taken over after it. */
  runLeaseMs: number;
  /** How long a command's response waits for the read models to show its effect. */
  readYourWritesTimeoutMs: number;
  rateLimitPerMinute: number;
  /** Bytes of event data one append may carry; both adapters check it before writing, and EventStoreDB has its own (set both alike). */
  maxAppendSize: number;
  /** Bytes of event data a user's threads may hold before new messages are refused (413). */
  userStorageBytes: number;
  /** How many threads each per-thread cache keeps (folded states, lineage origins, checkpoint indexes). */
  cachedThreads: number;
  /** Bytes (approximate: see approximateBytes) each of the agent's two message caches may hold (AGENT_CACHE_MB). */
  agentCacheBytes: number;
  /** Failed authentications a client address may make per minute before it is refused with 429. */
  authFailuresPerMinute: number;
  /** Express's `trust proxy`: which proxies' X-Forwarded-For decides a client's address (false: none, the peer is the client). */
  trustProxy: false | number | string[];
  /** How long a run's live records are kept after its last one (RUN_STREAM_RETENTION). */
  runStreamRetentionMs: number;
  /** The least severe log level written (LOG_LEVEL: fatal, error, warn, info, debug, trace or silent). */
  logLevel: LogLevel;
  /** What this process runs (ROLES: api, projections, agent; all three by default); /health shows it. */
  roles: ProcessRole[];
  /** How often an idle SSE stream gets a `: ping` comment (SSE_HEARTBEAT_MS; below a second only makes sense in tests). */
  sseHeartbeatMs: number;
  /** Streams (SSE) one user may hold open at once, across threads (STREAMS_PER_USER); the next is refused with 429. */
  streamsPerUser: number;
  /** WebSocket (/ws/) heartbeat: after this long without a client message the server sends `{"type":"ping"}` (WS_PING_INTERVAL_MS)... */
  wsPingIntervalMs: number;
  /** ... and closes the socket when no message comes back within this long (WS_PONG_TIMEOUT_MS). */
  wsPongTimeoutMs: number;
  /** WebSockets one user may hold open at once (WS_SOCKETS_PER_USER); the next is closed with 1013. */
  socketsPerUser: number;
  /** Browser origins the LangGraph face (/langgraph) answers cross-origin (CORS_ORIGINS, comma-separated; none by default; `*`: any). */
  corsOrigins: string[];
  /** Signs the Dify web API's passports (PASSPORT_SECRET, at least 32 characters); unset: a secret kept in DATA_DIR/passport-secret. */
  passportSecret?: string;
  /** How long a passport of the Dify web API lasts (PASSPORT_TTL; default 30 days). */
  passportTtlMs: number;
  /** Where provider settings (OPENAI_API_KEY, OPENAI_BASE_URL, ...) are read from. */
  env: NodeJS.ProcessEnv;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type ProcessRole = 'api' | 'projections' | 'agent';
/** The embedded default: one process serves the API, runs the projections and answers with the agent. */
export const ALL_IN_ONE: ProcessRole[] = ['api', 'projections', 'agent'];

/** A configuration mistake: main prints its one-line message and exits, no stack trace. */
export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const model = env.MODEL ?? 'offline';
  const modelProblem = checkModelSetting(model);
  if (modelProblem) throw new ConfigError(modelProblem);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: listenHost(env.HOST),
    // No default port: several workers on one machine would collide on any fixed one.
    metricsPort: env.METRICS_PORT === undefined || env.METRICS_PORT === '' ? undefined : integer(env, 'METRICS_PORT', 0, 0, 65535),
    dataDir: resolve(env.DATA_DIR ?? './data'),
    model,
    offlineTokenDelayMs: integer(env, 'OFFLINE_TOKEN_DELAY_MS', 5, 0, 60_000),
    agentContextMessages: integer(env, 'AGENT_CONTEXT_MESSAGES', 100, 1, 100_000),
    agentContextChars: integer(env, 'AGENT_CONTEXT_CHARS', DEFAULT_CONTEXT_CHARS, 1_000, 100_000_000),
    maxConcurrentRuns: integer(env, 'MAX_CONCURRENT_RUNS', DEFAULT_MAX_CONCURRENT_RUNS, 1, 10_000),
    runLeaseMs: integer(env, 'RUN_LEASE_MS', DEFAULT_RUN_LEASE_MS, 100, 3_600_000),
    readYourWritesTimeoutMs: integer(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60_000),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    // EventStoreDB's own setting, by the same name: its default, and at most its 16 MiB ceiling.
    maxAppendSize: integer(env, 'EVENTSTORE_MAX_APPEND_SIZE', DEFAULT_MAX_APPEND_SIZE, 1024, 16 * 1024 * 1024),
    cachedThreads: integer(env, 'CACHED_THREADS', DEFAULT_CACHED_THREADS, 1, 10_000_000),
    agentCacheBytes: integer(env, 'AGENT_CACHE_MB', DEFAULT_AGENT_CACHE_BYTES / 2 ** 20, 1, 1_000_000) * 2 ** 20,
    userStorageBytes: integer(env, 'USER_STORAGE_BYTES', 1024 ** 3, 1024, Number.MAX_SAFE_INTEGER),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 10, 1, 1_000_000),
    trustProxy: trustProxy(env.TRUST_PROXY),
    runStreamRetentionMs: duration(env, 'RUN_STREAM_RETENTION', 24 * 3_600_000),
    logLevel: logLevel(env.LOG_LEVEL),
    roles: roles(env.ROLES),
    sseHeartbeatMs: integer(env, 'SSE_HEARTBEAT_MS', 15_000, 10, 300_000),
    streamsPerUser: integer(env, 'STREAMS_PER_USER', 32, 1, 100_000),
    wsPingIntervalMs: integer(env, 'WS_PING_INTERVAL_MS', 30_000, 10, 3_600_000),
    wsPongTimeoutMs: integer(env, 'WS_PONG_TIMEOUT_MS', 10_000, 10, 3_600_000),
    socketsPerUser: integer(env, 'WS_SOCKETS_PER_USER', 32, 1, 100_000),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    passportSecret: passportSecret(env.PASSPORT_SECRET),
    passportTtlMs: duration(env, 'PASSPORT_TTL', 30 * 86_400_000),
    env,
  };
}

/**
 * Creates DATA_DIR if needed, readable by this user only (0700): the stores hold every conversation. An
 * existing DATA_DIR that other accounts can enter is tightened, and that is said once. A path that cannot
 * be a directory is a configuration error.
 */
export function ensureDataDir(dataDir: string, warn: (line: string) => void = (line) => console.warn(`forkline: ${line}`)): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const mode = statSync(dataDir).mode & 0o7777;
    // A shared directory such as /tmp is not Forkline's to close.
    if (mode & 0o1000) throw new Error('it is a shared directory (sticky bit); give Forkline a directory of its own');
    if (mode & 0o077) {
      chmodSync(dataDir, 0o700);
      warn(`DATA_DIR '${dataDir}' was open to other accounts (mode ${mode.toString(8)}); it is now 700`);
    }
  } catch (error) {
    throw new ConfigError(`DATA_DIR '${dataDir}' cannot hold the embedded stores: ${(error as Error).message}`);
  }
}

/** Shorter secrets could be guessed offline from any passport: 32 characters (of a random key) at least. */
function passportSecret(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 32) {
    throw new ConfigError('PASSPORT_SECRET must be at least 32 characters; generate one with `openssl rand -hex 32`');
  }
  return raw;
}

function logLevel(raw: string | undefined): LogLevel {
  const level = (raw ?? '').trim().toLowerCase();
  if (level === '') return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got '${raw}'`);
}

function roles(raw: string | undefined): ProcessRole[] {
  if (raw === undefined || raw.trim() === '') return [...ALL_IN_ONE];
  const named = raw.split(',').map((role) => role.trim().toLowerCase());
  if (!named.every((role) => (ALL_IN_ONE as string[]).includes(role))) {
    throw new ConfigError(`ROLES must be a comma-separated list of ${ALL_IN_ONE.join(', ')}; got '${raw}'`);
  }
  // Listed in one order whatever the spelling, each once.
  return ALL_IN_ONE.filter((role) => named.includes(role));
}

function listenHost(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (isIP(raw) || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(raw)) return raw;
  throw new ConfigError(`HOST must be an IP address or host name to listen on (0.0.0.0 for every interface); got '${raw}'`);
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * The forms of Express's `trust proxy` that cannot trust a client by mistake: none, a hop count, or the
 * proxies' addresses. `true` (trust every hop) is refused: any client could then choose its own address.
 */
function trustProxy(raw: string | undefined): false | number | string[] {
  if (raw === undefined || raw.trim() === '' || raw.trim() === 'false') return false;
  if (/^\d+$/.test(raw.trim())) return integer({ TRUST_PROXY: raw.trim() }, 'TRUST_PROXY', 0, 0, 100);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (!entries.every((entry) => PROXY_NAMES.has(entry) || isAddressOrCidr(entry))) {
    throw new ConfigError(
      `TRUST_PROXY must be false, a hop count or a comma-separated list of the proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal); got '${raw}'`,
    );
  }
  return entries;
}

/** Origins as browsers send them (`scheme://host[:port]`, no path), or `*` alone. */
function corsOrigins(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.find(
    (entry) => entry !== '*' && !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(entry),
  );
  if (bad !== undefined)
    throw new ConfigError(`CORS_ORIGINS must be a comma-separated list of origins such as http://localhost:5173 (or *); got '${bad}'`);
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
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
