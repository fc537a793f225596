import { mkdirSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { gzipSync } from 'zlib';
import type { Page } from 'playwright-core';
import { Browser, launchChromium } from './support/chromium';
import { ServerProcess, spawnServer, stopServer } from './support/server-process';
import { ALICE_KEY, newDataDir } from './support/test-app';

const ROOT = join(__dirname, '..');
const SCREENSHOTS = join(ROOT, 'docs/screenshots');

/** The playground in a real browser against the built server (`npm run build` first), the offline model streaming slowly. */
describe('web playground in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let threadUrl: string;
  const streaming = () => page.getByTestId('answer-streaming');
  const finals = () => page.getByTestId('answer-final');
  const send = async (text: string) => {
    await page.getByLabel('Message', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  };

  beforeAll(async () => {
    dataDir = newDataDir();
    mkdirSync(SCREENSHOTS, { recursive: true });
    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '80' });
    browser = await launchChromium();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens from / and signs in with an API key kept in session storage only', async () => {
    const bundle = readdirSync(join(ROOT, 'dist/playground/assets')).map((f) => readFileSync(join(ROOT, 'dist/playground/assets', f)));
    const started = Date.now();
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('API key').waitFor();
    const interactive = Date.now() - started;
    console.log(
      `playground: bundle ${bundle.reduce((n, b) => n + b.length, 0)} B, gzip ${bundle.reduce((n, b) => n + gzipSync(b).length, 0)} B; ` +
        `time to interactive (goto / -> sign-in field ready) ${interactive} ms`,
    );
    expect(page.url()).toBe(`${server.baseUrl}/playground/`);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });

    await page.getByLabel('API key').fill('wrong-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: '401' }).waitFor();

    await page.getByLabel('API key').fill(ALICE_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(await page.evaluate('[sessionStorage.length, localStorage.length]')).toEqual([1, 0]);
  });

  it('creates an agent, then a thread for it, and streams an answer token by token', async () => {
    await page.getByRole('link', { name: 'Create an agent' }).click();
    await page.getByLabel('Slug').fill('helper');
    await page.getByLabel('Name').fill('Helper');
    await page.getByLabel('System prompt').fill('Be brief.');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved Helper (version 1)' }).waitFor();

    await page.getByRole('button', { name: 'New thread with Helper' }).click();
    await page.waitForURL(/#\/threads\/.+/);
    threadUrl = page.url();
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).waitFor();

    // Time from the click on Send to the first token painted, seen from inside the page.
    // In-page code as strings: it runs in the browser, outside the Node types this file is checked with.
    await page.evaluate(`
      document.querySelector('.composer button[type=submit]')
        .addEventListener('click', () => (window.__sent = performance.now()), { capture: true });
      new MutationObserver(() => {
        if (!window.__painted && document.querySelector('[data-testid=answer-streaming]')?.textContent)
          requestAnimationFrame(() => (window.__painted ??= performance.now()));
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    `);
    await send('What is a fork?');
    await streaming().filter({ hasText: '[offline' }).waitFor();
    expect(await finals().count()).toBe(0); // tokens arrive before the final answer
    await page.screenshot({ path: join(SCREENSHOTS, 'chat-streaming.png') });
    await finals().filter({ hasText: 'What is a fork?' }).waitFor();
    const took = await page.evaluate<number>('Math.round(window.__painted - window.__sent)');
    console.log(`playground: send -> first token painted ${took} ms`);
    await page
      .locator('.run summary')
      .filter({ hasText: /Run completed · \d+ in \/ \d+ out tokens · \d+ ms/ })
      .waitFor();
  });

  it('stops a slow run and keeps its partial answer, marked stopped', async () => {
    await send('Tell me a long story');
    await streaming().filter({ hasText: 'You said' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = page.locator('.msg.assistant.stopped');
    await stopped.waitFor();
    expect(await stopped.textContent()).toMatch(/\[offline model\].*stopped/);
    expect(await stopped.getByTestId('answer-final').textContent()).not.toContain('for real answers.');
  });

  it('shows a message with HTML in it as text', async () => {
    await send('<img src=x onerror=window.__xss=1>');
    await page.getByTestId('user-message').filter({ hasText: '<img src=x onerror=window.__xss=1>' }).waitFor();
    await finals().filter({ hasText: 'onerror' }).waitFor();
    expect(await page.locator('.messages img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('keeps the answer when the page reloads mid-stream', async () => {
    await send('Survive a reload');
    await streaming().filter({ hasText: 'You said' }).waitFor();
    await page.reload();
    await finals().filter({ hasText: 'Survive a reload' }).waitFor();
    expect(await finals().filter({ hasText: 'Survive a reload' }).textContent()).toContain('for real answers.');
    await page.screenshot({ path: join(SCREENSHOTS, 'chat.png'), fullPage: true });
  });

  it('reconnects after the connection is lost and resumes with Last-Event-ID, without gaps or repeats', async () => {
    const resumed: string[] = [];
    page.on('request', (r) => r.url().includes('/stream') && r.headers()['last-event-id'] && resumed.push(r.headers()['last-event-id']));
    const questions = await page.getByTestId('user-message').count();
    await stopServer(server, 'SIGTERM'); // a clean stop hands its leases on, so the next process projects at once
    await page.getByTestId('stream-status').filter({ hasText: 'reconnecting' }).waitFor();
    server = await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '80', PORT: new URL(server.baseUrl).port });
    await page.getByTestId('stream-status').filter({ hasText: 'live' }).waitFor({ timeout: 20_000 });
    expect(resumed[0]).toMatch(/^\d+:-?\d+$/);
    await send('After the restart');
    await finals().filter({ hasText: 'After the restart' }).waitFor();
    expect(await page.getByTestId('user-message').count()).toBe(questions + 1);
    expect(await finals().count()).toBe(questions + 1);
  }, 60_000);

  it('edits an earlier message on a new branch, draws both branches and switches between them', async () => {
    await page.goto(threadUrl);
    await page.getByRole('button', { name: 'Edit message 1', exact: true }).click();
    await page.getByLabel('New text (sent on a new branch)').fill('What is a branch?');
    await page.getByRole('button', { name: 'Send on a new branch' }).click();
    await page.waitForURL((url) => url.toString() !== threadUrl);
    await finals().filter({ hasText: 'What is a branch?' }).waitFor();
    expect(await page.getByTestId('user-message').count()).toBe(1);
    const nodes = page.getByTestId('branch-node');
    await nodes.nth(1).waitFor();
    expect(await nodes.count()).toBe(2);
    expect(await nodes.nth(1).textContent()).toContain('fork at event 0');
    expect(await nodes.nth(1).getAttribute('aria-current')).toBe('page');
    await page.screenshot({ path: join(SCREENSHOTS, 'branches.png'), fullPage: true });

    await nodes.nth(0).click(); // back to the original branch, which the URL names
    await page.waitForURL(threadUrl);
    await finals().filter({ hasText: 'What is a fork?' }).waitFor();
    expect(await page.getByTestId('user-message').count()).toBe(5);
  });

  it('time-travels to an earlier event and forks from there', async () => {
    await page.getByRole('link', { name: 'Time travel' }).click();
    const slider = page.getByLabel(/Event number/);
    await slider.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('event-number').filter({ hasText: /^2$/ }).waitFor();
    const past = page.locator('[data-testid=past-state][data-event-number="2"]');
    await past.filter({ hasText: 'Run: running' }).waitFor();
    expect(await past.locator('li').allTextContents()).toEqual([expect.stringContaining('What is a fork?')]);
    await page.screenshot({ path: join(SCREENSHOTS, 'time-travel.png'), fullPage: true });

    await page.getByRole('button', { name: 'Fork from here' }).click();
    await page.waitForURL((url) => !url.toString().startsWith(threadUrl));
    await page.getByTestId('branch-node').nth(2).waitFor();
  });

  it('shows the audit log with actor, time and correlation, and exports it as JSONL', async () => {
    await page.goto(`${threadUrl}/audit`);
    const rows = page.locator('.audit tbody tr');
    await rows.first().filter({ hasText: 'ThreadCreated' }).waitFor();
    expect(await rows.first().textContent()).toMatch(/ThreadCreated.*alice.*\d{4}-\d{2}-\d{2}T/);
    expect(await rows.filter({ hasText: 'AssistantMessageAdded' }).first().textContent()).toContain('agent');
    await page.screenshot({ path: join(SCREENSHOTS, 'audit.png'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSONL' }).click()]);
    const lines = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(lines.length).toBe(await rows.count());
    expect(JSON.parse(lines[0])).toMatchObject({ event_number: 0, type: 'ThreadCreated', actor: 'alice' });
  });

  it('works at a phone width', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(threadUrl);
    await finals().first().waitFor();
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(SCREENSHOTS, 'phone.png'), fullPage: true });
  });
});
