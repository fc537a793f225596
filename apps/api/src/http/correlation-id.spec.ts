import type { IncomingMessage } from 'http';
import { correlationIdOf } from './correlation-id';

const request = (headers: Record<string, string | string[] | undefined>) => ({ headers }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdOf', () => {
  it("takes the client's X-Correlation-Id, else its X-Request-Id, when it is a sane token", () => {
    expect(correlationIdOf(request({ 'x-correlation-id': 'order-17:retry.2', 'x-request-id': 'proxy-id' }))).toBe('order-17:retry.2');
    expect(correlationIdOf(request({ 'x-correlation-id': 'two words', 'x-request-id': 'proxy-id' }))).toBe('proxy-id');
  });

  it('makes one up for a missing, malformed, overlong or repeated header, and keeps it for the rest of the request', () => {
    const cases: Record<string, string | string[]>[] = [
      {},
      { 'x-request-id': 'a"b' },
      { 'x-correlation-id': 'x'.repeat(129) },
      { 'x-request-id': ['a', 'b'] },
    ];
    for (const headers of cases) {
      const req = request(headers);
      const id = correlationIdOf(req);
      expect(id).toMatch(UUID);
      expect(correlationIdOf(req)).toBe(id);
    }
  });
});
