import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { call, startTestApp, TestApp } from './support/test-app';

/** How the API serves the built playground (`npm run build` first): public static files, everything else as before. */
describe('web playground served at /playground', () => {
  let t: TestApp;
  const get = (path: string) => fetch(t.baseUrl + path, { redirect: 'manual' });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('/ redirects to the playground, whose page and assets need no key and carry the security headers', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/playground/');

    const page = await get('/playground/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /<script type="module" crossorigin src="(\/playground\/assets\/[^"]+\.js)">/.exec(html);
    expect(script).not.toBeNull();
    const asset = await get(script![1]);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    // A deep link into the page's own routes still loads the page.
    expect(await (await get('/playground/threads/some-thread')).text()).toBe(html);
    // Nothing outside the built folder is reachable through it.
    for (const path of ['/playground/..%2f..%2fpackage.json', '/playground/%2e%2e/%2e%2e/package.json', '/playground/.env']) {
      const answer = await get(path);
      expect(answer.status).toBeLessThan(500);
      expect(await answer.text()).not.toContain('"devDependencies"');
    }
  });

  it('leaves the API as it was: its routes need a key, unknown paths are 404 in the face shape', async () => {
    expect(await call(t.baseUrl, 'GET', '/threads', undefined, { key: null })).toMatchObject({
      status: 401,
      body: { detail: expect.any(String) },
    });
    expect(await call(t.baseUrl, 'GET', '/no-such-route')).toMatchObject({ status: 404, body: { detail: expect.any(String) } });
  });

  it('renders API content as text only: no HTML injection point in the playground sources', () => {
    const dir = join(__dirname, '../apps/playground/src');
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.tsx?$/.test(f))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources)
      expect(source).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});
