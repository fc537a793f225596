import { LoggerService } from '@nestjs/common';
import type { Logger as NestPino } from 'nestjs-pino';
import { Logger, pino } from 'pino';
import { LogLevel } from '@forkline/platform';

/** The process's one JSON logger: a line per entry, ISO time, the level by name. */
export function createRootLogger(level: LogLevel): Logger {
  return pino({
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    // Nothing logs headers; should anything ever, a key does not reach the log.
    redact: { paths: ['authorization', '*.authorization', '*.headers.authorization', '*.headers.cookie'], remove: true },
  });
}

/** Nest's own start-up chatter (a line per module and per route) is debug, not info. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * What Nest and every `new Logger('...')` write through: the JSON logger, with their context (and, during a request, its
 * correlation id). nestjs-pino keeps the logger for lines outside requests per process (the first app's): several apps in
 * one process, as in the tests, share it.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly inner: NestPino) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) this.inner.debug(message, ...params);
    else this.inner.log(message, ...params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.inner.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.inner.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.inner.debug(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.inner.verbose(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.inner.fatal(message, ...params);
  }
}
