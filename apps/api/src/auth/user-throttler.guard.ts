import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
// Not re-exported by the package's index; the decorators write these keys, so reading them from the same module keeps
// this guard in step with the installed version.
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import { createHash } from 'crypto';
import type { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { RouteMetadataCache } from './route-metadata-cache';

/** Hashed counter keys kept at most; past it the memo starts over (a user's key is the same hash either way). */
const MAX_MEMO_KEYS = 10_000;
/** The metadata keys @SkipThrottle() and @Throttle() set for the throttler named `name` (@nestjs/throttler's own constants + name). */
const keysOf = (name: string) => ({
  skip: `${THROTTLER_SKIP}${name}`,
  limit: `${THROTTLER_LIMIT}${name}`,
  ttl: `${THROTTLER_TTL}${name}`,
  blockDuration: `${THROTTLER_BLOCK_DURATION}${name}`,
  tracker: `${THROTTLER_TRACKER}${name}`,
  keyGenerator: `${THROTTLER_KEY_GENERATOR}${name}`,
});
type Resolvable = number | ((context: ExecutionContext) => number | Promise<number>) | undefined;

/** The one throttler AuthModule configures: a fixed window of `ttl` ms, `limit` hits, then a block of `blockDuration`. */
interface Throttler {
  name: string;
  limit: number;
  ttl: number;
  /** Unset: a block lasts the window's ttl. */
  blockDuration?: number;
}

function throttlerOf(options: ThrottlerModuleOptions): { throttler: Throttler; message: string } {
  const { throttlers, errorMessage } = Array.isArray(options) ? { throttlers: options, errorMessage: undefined } : options;
  const [only] = throttlers;
  if (throttlers.length !== 1 || typeof only.limit !== 'number' || typeof only.ttl !== 'number' || typeof errorMessage !== 'string')
    throw new Error('UserThrottlerGuard takes one throttler with a numeric limit and ttl, and a string errorMessage');
  if (only.blockDuration !== undefined && typeof only.blockDuration !== 'number')
    throw new Error('UserThrottlerGuard takes a numeric blockDuration, if any');
  const throttler = { name: only.name ?? 'default', limit: only.limit, ttl: only.ttl, blockDuration: only.blockDuration };
  return { throttler, message: errorMessage };
}

/**
 * One budget per user across every endpoint (per client address for public routes), counted in the shared store.
 * What @nestjs/throttler's guard does for this configuration (the hit past the limit starts a block, X-RateLimit-*
 * headers on every answer, Retry-After and ThrottlerException(errorMessage) on a refusal, @SkipThrottle and a route's
 * @Throttle limit/ttl/blockDuration honoured), without its general machinery: it awaited about ten promises per request
 * to read options that are fixed. A route's own tracker or key generator (@Throttle getTracker/generateKey) is refused
 * at its first request rather than silently ignored: no route has one.
 */
@Injectable()
export class UserThrottlerGuard implements CanActivate {
  private readonly reflector = new RouteMetadataCache();
  private readonly hashed = new Map<string, string>();
  private readonly throttler: Throttler;
  private readonly message: string;
  private readonly keys: ReturnType<typeof keysOf>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
  ) {
    ({ throttler: this.throttler, message: this.message } = throttlerOf(options));
    this.keys = keysOf(this.throttler.name);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const route = <T>(key: string) => this.reflector.getAllAndOverride<T | undefined>(key, targets);
    if (route<boolean>(this.keys.skip)) return true;
    if (route(this.keys.tracker) || route(this.keys.keyGenerator))
      throw new Error('UserThrottlerGuard: a route-level tracker or key generator (@Throttle) is not supported');
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const { name } = this.throttler;
    // Awaited only when a route gives a function: an await per request for a fixed number is what this guard saves.
    let limit = resolve(context, route<Resolvable>(this.keys.limit), this.throttler.limit);
    if (typeof limit !== 'number') limit = await limit;
    let ttl = resolve(context, route<Resolvable>(this.keys.ttl), this.throttler.ttl);
    if (typeof ttl !== 'number') ttl = await ttl;
    let blockDuration = resolve(context, route<Resolvable>(this.keys.blockDuration), this.throttler.blockDuration ?? ttl);
    if (typeof blockDuration !== 'number') blockDuration = await blockDuration;
    const key = this.keyOf(`${name}:${request.user ? `user:${request.user.id}` : `ip:${request.ip}`}`);
    const window = await this.storage.increment(key, ttl, limit, blockDuration, name);
    if (window.isBlocked) {
      response.setHeader('Retry-After', String(window.timeToBlockExpire));
      response.setHeader('X-RateLimit-Limit', String(limit));
      response.setHeader('X-RateLimit-Remaining', '0');
      response.setHeader('X-RateLimit-Reset', String(window.timeToBlockExpire));
      throw new ThrottlerException(this.message);
    }
    response.setHeader('X-RateLimit-Limit', String(limit));
    response.setHeader('X-RateLimit-Remaining', String(Math.max(0, limit - window.totalHits)));
    response.setHeader('X-RateLimit-Reset', String(window.timeToExpire));
    return true;
  }

  /** The counter's key: a hash, so a user id or an address is not what the counter store holds. Memoized: it is the same every request. */
  private keyOf(plain: string): string {
    let key = this.hashed.get(plain);
    if (key === undefined) {
      if (this.hashed.size >= MAX_MEMO_KEYS) this.hashed.clear();
      key = createHash('sha256').update(plain).digest('hex');
      this.hashed.set(plain, key);
    }
    return key;
  }
}

/** A route's override (a number, or a function of the request's context) or else the configured value; sync when it can be. */
function resolve(context: ExecutionContext, value: Resolvable, otherwise: number): number | Promise<number> {
  return value === undefined ? otherwise : typeof value === 'function' ? value(context) : value;
}
