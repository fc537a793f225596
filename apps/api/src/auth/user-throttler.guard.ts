import { ExecutionContext, Injectable } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'crypto';
import type { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { RouteMetadataCache } from './route-metadata-cache';

/** Hashed counter keys kept at most; past it the memo starts over (a user's key is the same hash either way). */
const MAX_MEMO_KEYS = 10_000;

/** One budget per user across every endpoint (per client address for public routes). */
@Injectable()
export class UserThrottlerGuard extends ThrottlerGuard {
  private readonly hashed = new Map<string, string>();

  constructor(@InjectThrottlerOptions() options: ThrottlerModuleOptions, @InjectThrottlerStorage() storage: ThrottlerStorage) {
    super(options, storage, new RouteMetadataCache());
  }

  protected async getTracker(req: AuthenticatedRequest): Promise<string> {
    return req.user ? `user:${req.user.id}` : `ip:${req.ip}`;
  }

  /** The counter's key: a hash, so a user id or an address is not what the counter store holds. Memoized: it is the same every request. */
  protected generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    const plain = `${name}:${tracker}`;
    let key = this.hashed.get(plain);
    if (key === undefined) {
      if (this.hashed.size >= MAX_MEMO_KEYS) this.hashed.clear();
      key = createHash('sha256').update(plain).digest('hex');
      this.hashed.set(plain, key);
    }
    return key;
  }

  /** A refused request carries the same X-RateLimit-* headers as an accepted one. */
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const response = context.switchToHttp().getResponse<Response>();
    response.setHeader('X-RateLimit-Limit', detail.limit);
    response.setHeader('X-RateLimit-Remaining', 0);
    response.setHeader('X-RateLimit-Reset', detail.timeToBlockExpire);
    return super.throwThrottlingException(context, detail);
  }
}
