import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '@forkline/platform';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRegistry, LoadedKeys } from './api-keys';
import { AuthFailureThrottle } from './auth-failure-throttle';
import { BearerAuthenticator } from './bearer-authenticator';
import { UserThrottlerGuard } from './user-throttler.guard';

export const LOADED_KEYS = Symbol('LOADED_KEYS');

/** API keys, then a per-user rate limit, in front of every route (guards run in this order). */
@Global()
@Module({})
export class AuthModule {
  static forRoot(config: AppConfig, keys: LoadedKeys): DynamicModule {
    return {
      module: AuthModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
          errorMessage: `rate limit exceeded: ${config.rateLimitPerMinute} requests per minute per user; retry after the number of seconds in Retry-After`,
        }),
      ],
      providers: [
        { provide: LOADED_KEYS, useValue: keys },
        { provide: ApiKeyRegistry, useValue: keys.registry },
        { provide: AuthFailureThrottle, useValue: new AuthFailureThrottle(config.authFailuresPerMinute) },
        BearerAuthenticator,
        { provide: APP_GUARD, useClass: ApiKeyGuard },
        { provide: APP_GUARD, useClass: UserThrottlerGuard },
      ],
      exports: [LOADED_KEYS, ApiKeyRegistry, BearerAuthenticator],
    };
  }
}
