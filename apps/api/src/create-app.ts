import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { loadApiKeys } from './auth/api-keys';
import { AppConfig, ensureDataDir, openBackends, openRateCounters } from '@forkline/platform';
import { mountApiDocs } from './http/api-docs';
import { ErrorBodyFilter } from './http/error-body.filter';
import { BODY_LIMIT, rejectDeepJson } from './http/request-body';
import { securityHeaders } from './http/security-headers';
import { validationPipe } from './http/validation.pipe';

/** Builds the HTTP app (used by main.ts and by the end-to-end tests alike). */
export async function createApp(config: AppConfig, logger: LogLevel[] | false = ['error', 'warn', 'log']): Promise<INestApplication> {
  // Everything that can be a configuration mistake is checked before Nest starts, so it fails as one line.
  ensureDataDir(config.dataDir);
  const keys = loadApiKeys(config.env, config.dataDir);
  const backends = await openBackends(config);
  const rateCounters = await openRateCounters(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, keys, backends, rateCounters), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // Decides request.ip, which the failed-auth throttle and the rate limit of public routes count by.
  app.set('trust proxy', config.trustProxy);
  app.use(securityHeaders);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(rejectDeepJson);
  app.useGlobalFilters(new ErrorBodyFilter());
  app.useGlobalPipes(validationPipe);
  mountApiDocs(app);
  app.enableShutdownHooks();
  return app;
}
