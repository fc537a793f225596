import express from 'express';
import { literalFirstSegment, prefilterRoutes } from './route-prefilter';

type Layer = { route?: { path: unknown }; match(path: string): unknown };

const TEMPLATES = [
  '/langgraph/ok',
  '/langgraph/threads/:thread_id/runs/wait',
  '/Docs',
  '/docs/swagger-ui-init.js',
  '/v1/chat-messages',
  '/:param/x',
  '/files{/*rest}',
  '/',
];
const PATHS = [
  '/langgraph/ok',
  '/LangGraph/OK',
  '/langgraph/ok/',
  '/langgraph/threads/t-1/runs/wait',
  '/langgraph/threads/%E2%82%AC/runs/wait',
  '/langgraph',
  '/langgraphx/ok',
  '/%6Cangraph/ok',
  '/docs',
  '/DOCS/',
  '/docs/swagger-ui-init.js',
  '/v1/chat-messages',
  '/V1/Chat-Messages',
  '/anything/x',
  '/langgraph/x',
  '/files',
  '/files/a/b',
  '/',
  '//langgraph/ok',
  '/\u212Aey/x',
  '/doc\u017F',
  '*',
  '',
];

function routeLayers(): Layer[] {
  const app = express();
  for (const template of TEMPLATES) app.get(template, (_q, s) => s.end());
  return (app.router as unknown as { stack: Layer[] }).stack.filter((l) => l.route);
}

describe('prefilterRoutes', () => {
  it('answers every path exactly as the router does, routes with a plain first segment filtered', () => {
    const plain = routeLayers();
    const filtered = routeLayers();
    expect(prefilterRoutes(filtered)).toBe(5);
    for (const path of PATHS)
      plain.forEach((layer, i) => expect([path, TEMPLATES[i], filtered[i].match(path)]).toEqual([path, TEMPLATES[i], layer.match(path)]));
  });

  it('still matches its own route and refuses the others before their expression runs', () => {
    const [ok, wait] = routeLayers();
    // The router keeps each layer's compiled expression in `matchers`: count how often it runs.
    const matchers = (ok as unknown as { matchers: Array<(path: string) => unknown> }).matchers;
    const expression = jest.fn(matchers[0]);
    matchers[0] = expression;
    prefilterRoutes([ok, wait]);
    expect(ok.match('/LANGGRAPH/ok')).toMatchObject({ path: '/LANGGRAPH/ok' });
    expect(wait.match('/langgraph/threads/t-1/runs/wait')).toMatchObject({ params: { thread_id: 't-1' } });
    expect(ok.match('/docs/ok')).toBe(false);
    expect(ok.match('/threads/ok')).toBe(false);
    expect(expression).toHaveBeenCalledTimes(1);
  });

  it('filters a layer once, however often it is asked', () => {
    const layers = routeLayers();
    expect(prefilterRoutes(layers)).toBe(5);
    expect(prefilterRoutes(layers)).toBe(0);
  });

  it('takes only plain text as a first segment', () => {
    expect(literalFirstSegment('/LangGraph/threads/:id')).toBe('langgraph');
    expect(literalFirstSegment('/docs')).toBe('docs');
    expect(literalFirstSegment('/:id/x')).toBeUndefined();
    expect(literalFirstSegment('/*rest')).toBeUndefined();
    expect(literalFirstSegment('/files{/*rest}')).toBeUndefined();
    expect(literalFirstSegment('/')).toBeUndefined();
    expect(literalFirstSegment(/x/)).toBeUndefined();
  });
});
