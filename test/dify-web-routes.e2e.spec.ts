import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { call, startTestApp, TestApp } from './support/test-app';

interface Route {
  face: string;
  controller: string;
  method: string;
  path: string;
}

const paths = (value: unknown): string[] => (Array.isArray(value) ? value : [value ?? '']).map(String);
const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every route of every controller of the running app, with the module (face) it belongs to. */
function routeTable(t: TestApp): Route[] {
  const routes: Route[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type) continue;
      const prefixes = paths(Reflect.getMetadata(PATH_METADATA, type));
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = type.prototype[name];
        const method = typeof handler === 'function' ? Reflect.getMetadata(METHOD_METADATA, handler) : undefined;
        if (method === undefined || name === 'constructor') continue;
        for (const prefix of prefixes) {
          for (const path of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
            routes.push({ face: module.metatype.name, controller: type.name, method: RequestMethod[method], path: join(prefix, path) });
          }
        }
      }
    }
  }
  return routes;
}

/** Whether one request could match both routes: same method (or ALL), same number of segments, each equal or a parameter. */
function overlap(a: Route, b: Route): boolean {
  if (a.method !== b.method && a.method !== 'ALL' && b.method !== 'ALL') return false;
  const [x, y] = [a.path.split('/'), b.path.split('/')];
  return x.length === y.length && x.every((s, i) => s === y[i] || s.startsWith(':') || y[i].startsWith(':'));
}

describe('the Dify web face and the other faces under /api share no route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('finds the faces in the route table, and no web route that a route of another face could also match', () => {
    const routes = routeTable(t);
    const web = routes.filter((r) => r.face === 'DifyWebModule');
    const others = routes.filter((r) => r.face !== 'DifyWebModule');
    expect(web.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /api/passport', 'GET /api/system-features', 'POST /api/workflows/run', 'POST /api/login']),
    );
    const playground = others.filter((r) => /^\/api\/(workflows|chat\/playground|v1)(\/|$)/.test(r.path));
    expect([...new Set(playground.map((r) => r.face))]).toEqual(expect.arrayContaining(['WorkflowsModule', 'WorkflowChatModule']));
    expect(playground.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /api/workflows/:workflowId', 'POST /api/chat/playground/start', 'POST /api/v1/workflows/:slug/chat']),
    );
    const clashes = web.flatMap((w) =>
      others.filter((o) => overlap(w, o)).map((o) => `${w.method} ${w.path} ~ ${o.method} ${o.path} (${o.face})`),
    );
    expect(clashes).toEqual([]);
    // Every web route lives under /api, and outside the playground's prefixes but for Dify's two POSTs under /api/workflows.
    const underPlayground = web
      .filter((r) => /^\/api\/(workflows|chat\/playground|v1)(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path}`);
    expect(web.every((r) => r.path.startsWith('/api/'))).toBe(true);
    expect(underPlayground.sort()).toEqual(['POST /api/workflows/run', 'POST /api/workflows/tasks/:task_id/stop']);
  });

  it('the overlap check sees a clash when there is one', () => {
    const route = (method: string, path: string): Route => ({ face: 'x', controller: 'x', method, path });
    expect(overlap(route('GET', '/api/workflows/run'), route('GET', '/api/workflows/:workflowId'))).toBe(true);
    expect(overlap(route('POST', '/api/workflows/run'), route('GET', '/api/workflows/:workflowId'))).toBe(false);
    expect(overlap(route('POST', '/api/workflows/run'), route('POST', '/api/workflows/:id/stop'))).toBe(false);
  });

  it("keeps the playground's answers on the paths the web face also uses", async () => {
    const listed = await call(t.baseUrl, 'GET', '/api/workflows');
    expect([listed.status, Array.isArray(listed.body)]).toEqual([200, true]);
    const run = await call(t.baseUrl, 'GET', '/api/workflows/run');
    expect([run.status, run.body]).toEqual([404, { detail: "workflow 'run' not found" }]);
    const put = await call(t.baseUrl, 'PUT', '/api/workflows/run', { name: 'x' });
    expect(put.body).toEqual({ detail: expect.any(String) });
    const tasks = await call(t.baseUrl, 'GET', '/api/workflows/tasks/status');
    expect([tasks.status, tasks.body]).toEqual([404, { detail: "workflow 'tasks' not found" }]);
    const chat = await call(t.baseUrl, 'GET', '/api/chat/playground/wf_none/chatData');
    expect(chat.body).toEqual({ detail: expect.any(String) });
    const pipelit = await call(t.baseUrl, 'GET', '/api/v1/workflows/');
    expect(pipelit.status).toBe(200);
    // A playground client's key on the web face's POST is refused as the web face refuses, not taken by the playground.
    const webRun = await call(t.baseUrl, 'POST', '/api/workflows/run', {});
    expect([webRun.status, webRun.body.code]).toEqual([401, 'unauthorized']);
  });
});
