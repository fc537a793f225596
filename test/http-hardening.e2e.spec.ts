import { request } from 'http';
import { gzipSync } from 'zlib';
import { ALICE_KEY, call, startTestApp, TestApp } from './support/test-app';

interface RawAnswer {
  status: number;
  body: string;
}

/** Malformed request bodies are the client's mistake: a 4xx in the usual shape, never a 500 or a logged stack. */
describe('request bodies and response headers', () => {
  let t: TestApp;
  let logged: string[];
  let restore: () => void;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    logged = [];
    const spies = [process.stdout, process.stderr].map((stream) =>
      jest.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => logged.push(String(chunk)) > 0),
    );
    restore = () => spies.forEach((s) => s.mockRestore());
  });
  afterEach(() => restore());

  const post = (headers: Record<string, string>, body: string | Buffer) =>
    new Promise<RawAnswer>((resolve, reject) => {
      const req = request(
        `${t.baseUrl}/commands/create-thread`,
        { method: 'POST', headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('answers 415 for an unknown Content-Encoding or charset and 400 for a corrupt gzip body, each as {detail}', async () => {
    const cases: Array<[Record<string, string>, string | Buffer, number, RegExp]> = [
      [{ 'content-encoding': 'zz' }, '{}', 415, /unsupported Content-Encoding/],
      [{ 'content-type': 'application/json; charset=klingon' }, '{}', 415, /unsupported charset/],
      [{ 'content-encoding': 'gzip' }, 'not gzip at all', 400, /could not be read/],
    ];
    for (const [headers, body, status, detail] of cases) {
      const answer = await post(headers, body);
      expect({ status: answer.status, detail: JSON.parse(answer.body).detail }).toEqual({ status, detail: expect.stringMatching(detail) });
    }
    expect(await post({ 'content-encoding': 'gzip' }, gzipSync('{"thread_id": "zipped"}'))).toMatchObject({ status: 200 });
    expect(logged.join('')).toBe('');
  });

  it('takes an aborted body as the client leaving: nothing is logged', async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${t.baseUrl}/commands/create-thread`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ALICE_KEY}`, 'content-type': 'application/json', 'content-length': '1000' },
      });
      req.on('error', () => resolve());
      req.write('{"thread_id": ');
      setTimeout(() => req.destroy(), 100);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(logged.join('')).toBe('');
  });

  it('refuses JSON nested deeper than 32 levels with a 400 naming the body, and takes 32 levels', async () => {
    const nested = (depth: number) => `{"thread_id": "deep", "x": ${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
    for (const depth of [33, 100_000]) {
      const answer = await call(t.baseUrl, 'POST', '/commands/create-thread', nested(depth));
      expect(answer).toMatchObject({ status: 400, body: { detail: 'request body is nested deeper than 32 levels' } });
    }
    // 32 levels pass the depth check; validation then refuses the unknown property, naming it.
    expect((await call(t.baseUrl, 'POST', '/commands/create-thread', nested(32))).body.detail).toMatch(/property x should not exist/);
    expect(logged.join('')).toBe('');
  });

  it('sends the standard security headers on every answer, errors and the API docs included', async () => {
    const answers = [
      await fetch(`${t.baseUrl}/health`),
      await fetch(`${t.baseUrl}/threads`),
      await fetch(`${t.baseUrl}/nowhere`, { headers: { authorization: `Bearer ${ALICE_KEY}` } }),
      await fetch(`${t.baseUrl}/docs`),
    ];
    for (const answer of answers) {
      expect(
        Object.fromEntries([...answer.headers].filter(([name]) => /^(x-content|x-frame|referrer|cross-origin-resource)/.test(name))),
      ).toEqual({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*frame-ancestors 'none'/);
    }
    expect(answers.map((a) => a.status)).toEqual([200, 401, 404, 200]);
  });

  it('hashes no answer for an ETag (no route offers conditional requests)', async () => {
    const answer = await fetch(`${t.baseUrl}/threads`, { headers: { authorization: `Bearer ${ALICE_KEY}` } });
    expect([answer.status, answer.headers.get('etag')]).toEqual([200, null]);
  });
});
