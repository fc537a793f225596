import type { IncomingMessage, ServerResponse } from 'http';
import type { Logger } from 'pino';
import { storage, Store } from 'nestjs-pino/storage';

/**
 * What nestjs-pino's own middleware does, as a plain step of the request pipeline: the rest of the request runs with
 * its logger (`request.log`, bound to the correlation id by the request log) as the one Nest's loggers write through.
 * Nest registered nestjs-pino's middleware as a route for each of 35 methods, which every request walked.
 */
export function bindLogContext(request: IncomingMessage, _response: ServerResponse, next: () => void): void {
  storage.run(new Store((request as IncomingMessage & { log: Logger }).log), next);
}
