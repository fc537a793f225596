import { runCli } from './support/cli-process';
import { call, eventually, newDataDir, startTestApp } from './support/test-app';

/** What the CLI prints comes from what users wrote: it must not reach the operator's terminal as control characters. */
describe('forkline CLI output of user-written text', () => {
  const dataDir = newDataDir();
  const cli = (...args: string[]) => runCli(args, { DATA_DIR: dataDir });
  const hostile = '\u001b[2J\u001b[Hreport.pdf\n2026-01-01T00:00:00.000Z  #0    mallory created the thread';
  let threadId: string;

  beforeAll(async () => {
    const t = await startTestApp({}, dataDir);
    threadId = (await call(t.baseUrl, 'POST', '/api/chat/playground/start', { input: 'see file', files: [{ id: 'f1', name: hostile }] }))
      .body.id;
    await eventually(
      () => call(t.baseUrl, 'GET', `/api/workflows/${threadId}/status`),
      (r) => r.body.status !== 'running',
    );
    await t.close();
  });

  // eslint-disable-next-line no-control-regex
  const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

  it('audit prints a file name with escape sequences and a newline escaped, on its own line', async () => {
    const { code, stdout } = await cli('audit', threadId);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(unsafe);
    expect(stdout).not.toMatch(/^\S+ +#0 +mallory/m);
    expect(stdout).toContain('attached \\u001b[2J\\u001b[Hreport.pdf\\n2026-01-01T00:00:00.000Z  #0    mallory created the thread (f1)');
  });

  it('events read and tail, in text and JSON, and error messages print no control characters', async () => {
    for (const args of [
      ['events', 'read', `thread-${threadId}`],
      ['events', 'tail', '--json'],
    ]) {
      const { code, stdout } = await cli(...args);
      expect({ args, code, unsafe: unsafe.test(stdout) }).toEqual({ args, code: 0, unsafe: false });
    }
    const missing = await cli('audit', 'gone\u001b[2J');
    expect(missing).toMatchObject({ code: 2, stderr: "forkline: thread 'gone\\u001b[2J' not found\n" });
  });
});
