import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { DifyError, difyErrorBody, isDifyPath } from './dify-error';
import { isDifyWebRequest } from './dify-web-paths';

describe("Dify's error envelope", () => {
  const request = (authorization?: string, path = '/v1/chat-messages') =>
    ({ path, header: (name: string) => (name === 'authorization' ? authorization : undefined) }) as unknown as Request;

  it('covers /v1 and nothing else', () => {
    expect(['/v1', '/v1/', '/v1/info'].map(isDifyPath)).toEqual([true, true, true]);
    expect(['/v10', '/api/v1/workflows/x', '/agents'].map(isDifyPath)).toEqual([false, false, false]);
  });

  it('speaks of passports, not app keys, on a 401 of the web API', () => {
    const body = difyErrorBody(new UnauthorizedException('missing API key'), 401, 'missing API key', request(undefined, '/api/site'));
    expect(body).toEqual({ code: 'unauthorized', message: expect.stringMatching(/passport from GET \/api\/passport$/), status: 401 });
  });

  it("covers the web API's paths under /api but none of the playground's", () => {
    const web = [
      ['GET', '/api/passport'],
      ['POST', '/api/chat-messages'],
      ['PATCH', '/api/conversations/x/pin'],
      ['GET', '/api/webapp/access-mode'],
      ['POST', '/api/workflows/run'],
      ['POST', '/api/workflows/tasks/t/stop'],
      ['POST', '/api/workflows/tasks//stop'],
      ['GET', '/api/enterprise/sso/saml/login'],
    ];
    const playground = [
      ['GET', '/api/workflows'],
      ['GET', '/api/workflows/run'],
      ['PUT', '/api/workflows/run'],
      ['GET', '/api/workflows/w/messages'],
      ['POST', '/api/chat/playground/start'],
      ['POST', '/api/v1/workflows/slug/chat'],
      ['GET', '/api/sites'],
    ];
    expect(web.filter(([method, path]) => !isDifyWebRequest(method, path))).toEqual([]);
    expect(playground.filter(([method, path]) => isDifyWebRequest(method, path))).toEqual([]);
  });

  it("gives Dify's codes and messages, keeping a validation message that names the field", () => {
    const unauthorized = new UnauthorizedException('invalid API key');
    expect(difyErrorBody(unauthorized, 401, 'invalid API key', request('Bearer app-x'))).toEqual({
      code: 'unauthorized',
      message: 'Access token is invalid',
      status: 401,
    });
    expect(difyErrorBody(unauthorized, 401, 'missing', request()).message).toBe(
      "Authorization header must be provided and start with 'Bearer'",
    );
    expect(difyErrorBody(new BadRequestException('user: must be a string'), 400, 'user: must be a string', request())).toEqual({
      code: 'invalid_param',
      message: 'user: must be a string',
      status: 400,
    });
    const badJson = { type: 'entity.parse.failed', message: 'Unexpected token' };
    expect(difyErrorBody(badJson, 400, 'request body is not valid JSON', request()).code).toBe('bad_request');
    expect(difyErrorBody(new NotFoundException('Cannot GET /v1/x'), 404, 'Cannot GET /v1/x', request()).message).toMatch(
      /^The requested URL/,
    );
    expect(difyErrorBody(new DifyError(404, 'end_user_not_found', 'End user not found.'), 404, '', request())).toEqual({
      code: 'end_user_not_found',
      message: 'End user not found.',
      status: 404,
    });
    expect(difyErrorBody(new Error('boom'), 500, 'internal error', request())).toEqual({
      code: 'internal_server_error',
      message: 'Internal server error.',
      status: 500,
    });
    expect(difyErrorBody(null, 429, 'slow down', request()).code).toBe('too_many_requests');
  });
});
