import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '@forkline/domain';
import { AppendTooLarge } from '@forkline/event-store';
import { difyErrorBody, isDifyPath } from './dify-error';
import { isDifyWebRequest } from './dify-web-paths';
import { describeBodyError } from './request-body';

const STATUS_OF_KIND = { not_found: HttpStatus.NOT_FOUND, conflict: HttpStatus.CONFLICT, invalid: HttpStatus.BAD_REQUEST };

/**
 * Every error leaves as `{"detail": "..."}` with the right status, on the Dify service API (/v1) and the Dify web API's
 * paths under /api as Dify's `{"code", "message", "status"}`; anything unexpected is a logged 500.
 */
@Catch()
export class ErrorBodyFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    const [status, detail] = this.describe(error);
    const dify = isDifyPath(request.path) || isDifyWebRequest(request.method, request.path);
    response.status(status).json(dify ? difyErrorBody(error, status, detail, request) : { detail });
  }

  private describe(error: unknown): [number, string] {
    if (error instanceof DomainError) return [STATUS_OF_KIND[error.kind], error.message];
    if (error instanceof AppendTooLarge) return [413, `${error.message}: send fewer or smaller files`];
    const bodyError = describeBodyError(error);
    if (bodyError) return bodyError;
    if (error instanceof HttpException) {
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
      return [error.getStatus(), Array.isArray(message) ? message.join('; ') : (message ?? error.message)];
    }
    this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return [500, 'internal error'];
  }
}
