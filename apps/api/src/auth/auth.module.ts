import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@forkline/platform';
import { RATE_COUNTERS, RateCounterStore } from '@forkline/read-models';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry, LoadedKeys } from './api-keys';
import { AppKeyLookup } from './app-key-lookup';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { BearerAuthenticator } from './bearer-authenticator';
import { PassportAuthenticator } from './passport-authenticator';
import { loadPassportSecret } from './passport-secret';
import { PassportTokens } from './passport-tokens';
import { WebApps } from './web-apps';
import { SharedThrottlerStorage } from './shared-throttler.storage';
import { UserThrottlerGuard } from './user-throttler.guard';

export const LOADED_KEYS = Symbol('LOADED_KEYS');

/** Closes the shared rate counters when the app stops (the throttler's storage option has no lifecycle of its own). */
@Injectable()
class RateCountersCloser implements OnApplicationShutdown {
  constructor(@Inject(RATE_COUNTERS) private readonly counters: RateCounterStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.counters.close();
  }
}

/**
 * API keys, then a per-user rate limit, in front of every route (guards run in this order). The limit counts in the
 * shared rate counters, so it holds across every API process on the backend.
 */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig, keys: LoadedKeys, rateCounters: RateCounterStore): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
          storage: new SharedThrottlerStorage(rateCounters),
          errorMessage: `rate limit exceeded: ${config.rateLimitPerMinute} requests per minute per user; retry after the number of seconds in Retry-After`,
        }),
      ],
      providers: [
        { provide: LOADED_KEYS, useValue: keys },
        { provide: RATE_COUNTERS, useValue: rateCounters },
        RateCountersCloser,
        { provide: ApiKeyRegistry, useValue: keys.registry },
        { provide: AuthFailureThrottle, useValue: new AuthFailureThrottle(config.authFailuresPerMinute, rateCounters) },
        AppKeyLookup,
        BearerAuthenticator,
        { provide: PassportTokens, useValue: new PassportTokens(loadPassportSecret(config), config.passportTtlMs) },
        WebApps,
        PassportAuthenticator,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
      ],
      exports: [LOADED_KEYS, ApiKeyRegistry, BearerAuthenticator, PassportTokens, WebApps],
    };
  }
}
