import { mkdtempSync, rmSync } from 'fs';
import { Server } from 'http';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';
import { Browser, launchChromium } from './support/chromium';
import { ServerProcess, spawnServer } from './support/server-process';
import { buildPage, serveStatic } from './support/static-site';
import { ALICE_KEY } from './support/test-app';

/**
 * Issue 16: LangGraph's React hook `useStream` (the legacy one in @langchain/langgraph-sdk/react, with branches), in
 * a real browser, against Forkline's /langgraph face: a page built with Vite and served from another origin sends two
 * messages, edits the first, regenerates an answer, and switches between the branches the hook draws.
 * (LANGGRAPH_URL + LANGGRAPH_ASSISTANT point the same test at LangGraph's own server, to check the test itself.)
 */
describe('useStream against /langgraph in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forkline-use-stream-'));
  let server: ServerProcess | undefined;
  let site: { url: string; server: Server };
  let browser: Browser;
  let page: Page;
  let api: string;
  let assistant: string;

  beforeAll(async () => {
    await buildPage(join(__dirname, 'fixtures', 'use-stream-page'), join(dir, 'page'));
    site = await serveStatic(join(dir, 'page'));
    if (process.env.LANGGRAPH_URL) {
      api = process.env.LANGGRAPH_URL;
      assistant = process.env.LANGGRAPH_ASSISTANT ?? 'echo';
    } else {
      server = await spawnServer({ DATA_DIR: join(dir, 'data'), CORS_ORIGINS: site.url, OFFLINE_TOKEN_DELAY_MS: '15' });
      api = `${server.baseUrl}/langgraph`;
      const found = await fetch(`${api}/assistants/search`, {
        method: 'POST',
        headers: { 'x-api-key': ALICE_KEY, 'content-type': 'application/json' },
        body: '{}',
      });
      assistant = ((await found.json()) as { assistant_id: string }[])[0].assistant_id;
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${site.url}/?${new URLSearchParams({ api, key: ALICE_KEY, assistant })}`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    site?.server.close();
    server?.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const idleWith = async (count: number) => {
    await page
      .waitForFunction(
        (n) =>
          (globalThis as any).document.getElementById('status')?.textContent === 'idle' && (globalThis as any).__lg?.messages.length === n,
        count,
        { timeout: 30_000 },
      )
      .catch(async (error: Error) => {
        const seen = await page.evaluate(() => ({
          status: (globalThis as any).document.getElementById('status')?.textContent,
          error: (globalThis as any).document.getElementById('error')?.textContent,
          messages: (globalThis as any).__lg?.messages.map((m: any) => `${m.type}: ${m.content}`),
        }));
        throw new Error(`${error.message}\nthe page shows ${JSON.stringify(seen)}`);
      });
    expect(await page.textContent('#error')).toBe('');
  };
  const shown = () => page.$$eval('#messages li', (items) => items.map((li: any) => li.querySelector('.content')?.textContent ?? ''));
  const branchesOf = (index: number) =>
    page.$eval(`#messages li:nth-child(${index + 1})`, (li: any) => Number(li.getAttribute('data-branches')));

  it('streams tokens, then edits, regenerates and switches branches as LangGraph apps do', async () => {
    await page.evaluate(() => (globalThis as any).__lg.submit({ messages: [{ type: 'human', content: 'first' }] }));
    await idleWith(2);
    if (!process.env.LANGGRAPH_URL) expect((await page.evaluate(() => (globalThis as any).__partials ?? [])).length).toBeGreaterThan(1);
    await page.evaluate(() => (globalThis as any).__lg.submit({ messages: [{ type: 'human', content: 'second' }] }));
    await idleWith(4);
    const original = await shown();
    expect(original[0]).toBe('first');
    expect(original[2]).toBe('second');
    expect(original[3]).toContain('second');

    // Edit the first question: a new run from the checkpoint before it.
    await page.evaluate(() => {
      const meta = (globalThis as any).__lg.meta((globalThis as any).__lg.messages[0]);
      return (globalThis as any).__lg.submit(
        { messages: [{ type: 'human', content: 'first (edited)' }] },
        { checkpoint: meta.firstSeenState.parent_checkpoint },
      );
    });
    await idleWith(2);
    expect((await shown())[0]).toBe('first (edited)');
    expect(await branchesOf(0)).toBe(2);

    // Regenerate the answer to the edited question: a run with no input from the checkpoint that holds the question.
    const before = (await shown())[1];
    await page.evaluate(() => {
      const meta = (globalThis as any).__lg.meta((globalThis as any).__lg.messages[1]);
      return (globalThis as any).__lg.submit(undefined, { checkpoint: meta.firstSeenState.parent_checkpoint });
    });
    await idleWith(2);
    expect(await branchesOf(1)).toBe(2);
    expect((await shown())[1]).toContain('first (edited)');
    expect(before).toContain('first (edited)');

    // Switch the first question back to the original branch: the whole original conversation shows again.
    await page.click('#messages li:nth-child(1) .switch button:not(.current)');
    await idleWith(4);
    expect(await shown()).toEqual(original);
    await page.click('#messages li:nth-child(1) .switch button:not(.current)');
    await idleWith(2);
    expect((await shown())[0]).toBe('first (edited)');
  }, 120_000);
});
