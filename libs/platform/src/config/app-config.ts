import { chmodSync, mkdirSync, statSync } from 'fs';
import { resolve } from 'path';
import { checkModelSetting } from '@forkline/agent';

export interface AppConfig {
  port: number;
  dataDir: string;
  model: string;
  offlineTokenDelayMs: number;
  /** How many of a thread's latest messages the model is given. */
  agentContextMessages: number;
  /** How long a command's response waits for the read models to show its effect. */
  readYourWritesTimeoutMs: number;
  rateLimitPerMinute: number;
  /** Failed authentications a client address may make per minute before it is refused with 429. */
  authFailuresPerMinute: number;
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
    dataDir: resolve(env.DATA_DIR ?? './data'),
    model,
    offlineTokenDelayMs: integer(env, 'OFFLINE_TOKEN_DELAY_MS', 5, 0, 60_000),
    agentContextMessages: integer(env, 'AGENT_CONTEXT_MESSAGES', 100, 1, 100_000),
    readYourWritesTimeoutMs: integer(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5000, 0, 60_000),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 120, 1, 1_000_000),
    authFailuresPerMinute: integer(env, 'AUTH_FAILURES_PER_MINUTE', 10, 1, 1_000_000),
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

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}; got '${raw}'`);
  }
  return value;
}
