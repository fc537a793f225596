import { ConfigError } from './app-config';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration setting in milliseconds: `24h`, `90m`, `3600s`, `7d`, or plain seconds; at least 1 s, at most 365 days. */
export function duration(env: NodeJS.ProcessEnv, name: string, fallbackMs: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallbackMs;
  const match = /^(\d+)([smhd]?)$/.exec(raw);
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] || 's'] : NaN;
  if (!(ms >= 1000 && ms <= 365 * UNIT_MS.d)) {
    throw new ConfigError(`${name} must be a duration between 1s and 365d, e.g. 24h, 90m, 3600s or plain seconds; got '${env[name]}'`);
  }
  return ms;
}
