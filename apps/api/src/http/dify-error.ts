import { HttpException, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { describeBodyError } from './request-body';

/** Dify's error envelope (api/libs/external_api.py): what every error of the Dify service API answers with. */
export interface DifyErrorBody {
  code: string;
  message: string;
  status: number;
}

/** An error the Dify service API answers with its own code and message (e.g. 404 `end_user_not_found`). */
export class DifyError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
  ) {
    super(message, status);
  }
}

/** The Dify service API lives under /v1 (the SDK's base URL ends there); every other face answers `{"detail"}`. */
export const isDifyPath = (path: string) => path === '/v1' || path.startsWith('/v1/');

/** Codes and messages as Dify (Flask/werkzeug) gives them for errors no route chose itself. */
const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_param',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'request_entity_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};
const NO_SUCH_URL =
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

/**
 * The Dify envelope of an error the filter described as (status, detail). A validation failure keeps its message,
 * which names the field, under Dify's `invalid_param`; an unreadable body is Dify's `bad_request`.
 */
export function difyErrorBody(error: unknown, status: number, detail: string, request: Request): DifyErrorBody {
  if (error instanceof DifyError) return { code: error.code, message: error.message, status };
  if (status === 401 && !isDifyPath(request.path)) {
    // The web API (/api) takes passports, never app keys: its own refusals say so (auth/passport-authenticator.ts).
    return { code: 'unauthorized', message: `${detail}: the Dify web API takes a passport from GET /api/passport`, status };
  }
  if (status === 401) {
    const bearer = /^Bearer\s/i.test(request.header('authorization') ?? '');
    return {
      code: 'unauthorized',
      message: bearer ? 'Access token is invalid' : "Authorization header must be provided and start with 'Bearer'",
      status,
    };
  }
  if (status === 429) return { code: 'too_many_requests', message: 'Too many requests. Please try again later.', status };
  if (status >= 500) return { code: 'internal_server_error', message: 'Internal server error.', status };
  if (status === 400 && describeBodyError(error)) return { code: 'bad_request', message: detail, status };
  if (error instanceof NotFoundException && /^Cannot [A-Z]+ /.test(detail)) return { code: 'not_found', message: NO_SUCH_URL, status };
  return { code: CODE_OF_STATUS[status] ?? 'bad_request', message: detail, status };
}
