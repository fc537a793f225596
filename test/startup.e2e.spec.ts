import { chmodSync, writeFileSync } from 'fs';
import { join } from 'path';
import { spawnServer } from './support/server-process';
import { newDataDir } from './support/test-app';

describe('invalid configuration stops the server at start with one clear line', () => {
  const failure = async (env: Record<string, string>) => {
    const error: Error = await spawnServer(env).then(
      () => {
        throw new Error('server started');
      },
      (e) => e,
    );
    return error.message;
  };

  it.each([
    [{ MODEL: 'gpt-4' }, /forkline: MODEL must be 'offline' or '<provider>:<model name>'/],
    [{ MODEL: 'mystery:thing' }, /forkline: MODEL must be/],
    [{ PORT: 'eighty' }, /forkline: PORT must be an integer between 0 and 65535; got 'eighty'/],
    [{ OFFLINE_TOKEN_DELAY_MS: '-1' }, /forkline: OFFLINE_TOKEN_DELAY_MS must be an integer/],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, /forkline: RATE_LIMIT_PER_MINUTE must be an integer between 1/],
    [{ EVENTSTORE_URL: 'not a url' }, /forkline: EVENTSTORE_URL: cannot use EventStoreDB there: /],
    [{ EVENTSTORE_URL: 'esdb://127.0.0.1:1?tls=false' }, /forkline: EVENTSTORE_URL: cannot use EventStoreDB there: /],
    [{ MONGODB_URL: 'mongodb://127.0.0.1:1/forkline' }, /forkline: MONGODB_URL: cannot use MongoDB there: /],
    [{ MONGODB_URL: 'postgres://nope' }, /forkline: MONGODB_URL: cannot use MongoDB there: /],
    [{ API_KEYS: 'short:alice' }, /forkline: API_KEYS must be a comma-separated list of key:userId/],
    [{ API_KEYS: 'long-enough-key' }, /forkline: API_KEYS must be/],
    [
      { API_KEYS: 'alice-key-123:alice' },
      /forkline: API_KEYS: the key of user 'alice' is too weak \(about \d+ bits, at least 128 needed\); generate one with `openssl rand -hex 32`/,
    ],
    [
      { API_KEYS: '', API_KEYS_FILE: '/nonexistent/keys.json' },
      /forkline: API_KEYS_FILE \(\/nonexistent\/keys.json\) is not a valid keys file/,
    ],
  ])('%j', async (env, message) => {
    const output = await failure({ DATA_DIR: newDataDir(), ...env });
    expect(output).toMatch(message);
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses a keys file that group or others may write', async () => {
    const file = join(newDataDir(), 'keys.json');
    writeFileSync(file, '[]');
    chmodSync(file, 0o664);
    expect(await failure({ DATA_DIR: newDataDir(), API_KEYS: '', API_KEYS_FILE: file })).toMatch(
      new RegExp(`\nforkline: API_KEYS_FILE \\(${file}\\) is writable by group or others \\(mode 664\\); chmod 600 it\n$`),
    );
  });

  it('names DATA_DIR when it cannot hold the stores', async () => {
    const file = join(newDataDir(), 'not-a-dir');
    writeFileSync(file, 'x');
    expect(await failure({ DATA_DIR: file })).toMatch(/forkline: DATA_DIR '.*not-a-dir' cannot hold the embedded stores/);
  });
});
