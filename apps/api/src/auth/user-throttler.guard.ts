import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'crypto';
import type { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { RouteMetadataCache } from './route-metadata-cache';

/** Hashed counter keys kept at most; past it the memo starts over (a user's key is the same hash either way). */
const MAX_MEMO_KEYS = 10_000;
/** The metadata @SkipThrottle() sets for the throttler named `name` (@nestjs/throttler's THROTTLER_SKIP + name). */
export const skipKey = (name: string) => `THROTTLER:SKIP${name}`;

/** The one throttler AuthModule configures: a fixed window of `ttl` ms, `limit` hits, then a block of `blockDuration`. */
interface Throttler {
  name: string;
  limit: number;
  ttl: number;
  blockDuration: number;
}

function throttlerOf(options: ThrottlerModuleOptions): { throttler: Throttler; message: string } {
  const { throttlers, errorMessage } = Array.isArray(options) ? { throttlers: options, errorMessage: undefined } : options;
  const [only] = throttlers;
  if (throttlers.length !== 1 || typeof only.limit !== 'number' || typeof only.ttl !== 'number' || typeof errorMessage !== 'string')
    throw new Error('UserThrottlerGuard takes one throttler with a numeric limit and ttl, and a string errorMessage');
  const blockDuration = typeof only.blockDuration === 'number' ? only.blockDuration : only.ttl;
  return { throttler: { name: only.name ?? 'default', limit: only.limit, ttl: only.ttl, blockDuration }, message: errorMessage };
}

/**
 * One budget per user across every endpoint (per client address for public routes), counted in the shared store.
 * What @nestjs/throttler's guard does for this configuration (the hit past the limit starts a block, X-RateLimit-*
 * headers on every answer, Retry-After and ThrottlerException(errorMessage) on a refusal, @SkipThrottle honoured),
 * without its general machinery: it ran on every request and awaited about ten promises to read fixed options.
 */
@Injectable()
export class UserThrottlerGuard implements CanActivate {
  private readonly reflector = new RouteMetadataCache();
  private readonly hashed = new Map<string, string>();
  private readonly throttler: Throttler;
  private readonly message: string;
  private readonly skip: string;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
  ) {
    ({ throttler: this.throttler, message: this.message } = throttlerOf(options));
    this.skip = skipKey(this.throttler.name);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(this.skip, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const { name, limit, ttl, blockDuration } = this.throttler;
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
