import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { ConfigError, ensureDataDir, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('fills in the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      model: 'offline',
      offlineTokenDelayMs: 5,
      agentContextMessages: 100,
      agentContextChars: 200_000,
      maxConcurrentRuns: 8,
      runLeaseMs: 15_000,
      readYourWritesTimeoutMs: 5000,
      rateLimitPerMinute: 120,
      maxAppendSize: 1_048_576,
      cachedThreads: 10_000,
      agentCacheBytes: 32 * 2 ** 20,
      userStorageBytes: 1_073_741_824,
      authFailuresPerMinute: 10,
      trustProxy: false,
      runStreamRetentionMs: 86_400_000,
      logLevel: 'info',
      roles: ['api', 'projections', 'agent'],
      sseHeartbeatMs: 15_000,
      streamsPerUser: 32,
      wsPingIntervalMs: 30_000,
      wsPongTimeoutMs: 10_000,
      socketsPerUser: 32,
      corsOrigins: [],
      passportTtlMs: 2_592_000_000,
      env: {},
    });
  });

  it('reads the variables, an empty one meaning its default', () => {
    const config = loadConfig({ PORT: '0', HOST: '0.0.0.0', DATA_DIR: '/srv/forkline', MODEL: 'openai:gpt-4o', RATE_LIMIT_PER_MINUTE: '' });
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/srv/forkline', model: 'openai:gpt-4o', rateLimitPerMinute: 120 });
    expect(loadConfig({}).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '' }).metricsPort).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, "PORT must be an integer between 0 and 65535; got 'eighty'"],
    [{ METRICS_PORT: '9464x' }, "METRICS_PORT must be an integer between 0 and 65535; got '9464x'"],
    [{ METRICS_PORT: '70000' }, "METRICS_PORT must be an integer between 0 and 65535; got '70000'"],
    [
      { HOST: 'http://0.0.0.0' },
      "HOST must be an IP address or host name to listen on (0.0.0.0 for every interface); got 'http://0.0.0.0'",
    ],
    [{ AGENT_CONTEXT_MESSAGES: '0' }, "AGENT_CONTEXT_MESSAGES must be an integer between 1 and 100000; got '0'"],
    [{ SSE_HEARTBEAT_MS: '-5' }, "SSE_HEARTBEAT_MS must be an integer between 10 and 300000; got '-5'"],
    [{ SSE_HEARTBEAT_MS: '1e9' }, "SSE_HEARTBEAT_MS must be an integer between 10 and 300000; got '1e9'"],
    [{ STREAMS_PER_USER: '0' }, "STREAMS_PER_USER must be an integer between 1 and 100000; got '0'"],
    [{ RUN_LEASE_MS: '50' }, "RUN_LEASE_MS must be an integer between 100 and 3600000; got '50'"],
    [{ READ_YOUR_WRITES_TIMEOUT_MS: '1.5' }, "READ_YOUR_WRITES_TIMEOUT_MS must be an integer between 0 and 60000; got '1.5'"],
    [{ EVENTSTORE_MAX_APPEND_SIZE: '32mb' }, "EVENTSTORE_MAX_APPEND_SIZE must be an integer between 1024 and 16777216; got '32mb'"],
    [{ MAX_CONCURRENT_RUNS: '0' }, "MAX_CONCURRENT_RUNS must be an integer between 1 and 10000; got '0'"],
    [{ CACHED_THREADS: '0' }, "CACHED_THREADS must be an integer between 1 and 10000000; got '0'"],
    [{ AGENT_CACHE_MB: '0' }, "AGENT_CACHE_MB must be an integer between 1 and 1000000; got '0'"],
    [{ LOG_LEVEL: 'verbose' }, "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got 'verbose'"],
    [{ ROLES: 'api,worker' }, "ROLES must be a comma-separated list of api, projections, agent; got 'api,worker'"],
    [{ ROLES: 'api,,agent' }, "ROLES must be a comma-separated list of api, projections, agent; got 'api,,agent'"],
  ])('refuses %j in one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('reads ROLES as any subset of api, projections and agent, all three when unset', () => {
    expect(loadConfig({}).roles).toEqual(['api', 'projections', 'agent']);
    expect(loadConfig({ ROLES: '' }).roles).toEqual(['api', 'projections', 'agent']);
    expect(loadConfig({ ROLES: 'agent' }).roles).toEqual(['agent']);
    expect(loadConfig({ ROLES: ' Agent , api,api ' }).roles).toEqual(['api', 'agent']);
    expect(loadConfig({ ROLES: 'projections,api' }).roles).toEqual(['api', 'projections']);
  });

  it('reads LOG_LEVEL whatever its case', () => {
    expect(loadConfig({ LOG_LEVEL: ' Debug ' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it.each([
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['3600s', 3_600_000],
    ['7d', 604_800_000],
    [' 600 ', 600_000],
  ])('reads RUN_STREAM_RETENTION=%j as %j ms', (raw, ms) => {
    expect(loadConfig({ RUN_STREAM_RETENTION: raw }).runStreamRetentionMs).toBe(ms);
  });

  it.each(['1.5h', '-1h', '0', '24 h', 'forever', '400d', '10ms'])('refuses RUN_STREAM_RETENTION=%j in one line', (raw) => {
    expect(() => loadConfig({ RUN_STREAM_RETENTION: raw })).toThrow(
      new ConfigError(`RUN_STREAM_RETENTION must be a duration between 1s and 365d, e.g. 24h, 90m, 3600s or plain seconds; got '${raw}'`),
    );
  });

  it.each([
    ['false', false],
    ['', false],
    ['1', 1],
    ['2', 2],
    ['127.0.0.1', ['127.0.0.1']],
    ['10.0.0.0/8, fd00::/8,loopback', ['10.0.0.0/8', 'fd00::/8', 'loopback']],
  ])('reads TRUST_PROXY=%j as %j', (raw, trustProxy) => {
    expect(loadConfig({ TRUST_PROXY: raw }).trustProxy).toEqual(trustProxy);
  });

  it.each(['true', 'yes', '10.0.0.0/33', '::1/129', '10.0.0.1,', 'proxy.example.com', '1.5', '10.0.0.0/8/8'])(
    'refuses TRUST_PROXY=%j in one line',
    (raw) => {
      expect(() => loadConfig({ TRUST_PROXY: raw })).toThrow(
        new ConfigError(
          `TRUST_PROXY must be false, a hop count or a comma-separated list of the proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal); got '${raw}'`,
        ),
      );
    },
  );

  it('reads the passport settings, refusing a short secret', () => {
    const secret = 'f'.repeat(32);
    expect(loadConfig({ PASSPORT_SECRET: secret, PASSPORT_TTL: '2h' })).toMatchObject({ passportSecret: secret, passportTtlMs: 7_200_000 });
    expect(() => loadConfig({ PASSPORT_SECRET: 'short' })).toThrow(/PASSPORT_SECRET must be at least 32 characters/);
    expect(() => loadConfig({ PASSPORT_TTL: 'soon' })).toThrow(/PASSPORT_TTL must be a duration/);
  });

  it('refuses a model setting it cannot use', () => {
    expect(() => loadConfig({ MODEL: 'gpt-4' })).toThrow(ConfigError);
  });
});

describe('ensureDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'forkline-config-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates the directory, parents included', () => {
    ensureDataDir(join(root, 'a', 'b'));
    expect(() => ensureDataDir(join(root, 'a', 'b'))).not.toThrow();
  });

  it('makes a new one 700 and tightens an existing one open to others, saying so', () => {
    const warn = jest.fn();
    ensureDataDir(join(root, 'new'), warn);
    expect(statSync(join(root, 'new')).mode & 0o777).toBe(0o700);
    expect(warn).not.toHaveBeenCalled();
    const open = join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    ensureDataDir(open, warn);
    expect(statSync(open).mode & 0o777).toBe(0o700);
    expect(warn).toHaveBeenCalledWith(`DATA_DIR '${open}' was open to other accounts (mode 755); it is now 700`);
  });

  it('refuses a shared directory instead of closing it', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => ensureDataDir(shared)).toThrow(
      `DATA_DIR '${shared}' cannot hold the embedded stores: it is a shared directory (sticky bit)`,
    );
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });

  it('names DATA_DIR when a file is in the way', () => {
    const file = join(root, 'not-a-dir');
    writeFileSync(file, 'x');
    expect(() => ensureDataDir(file)).toThrow(new RegExp(`^DATA_DIR '${file}' cannot hold the embedded stores: `));
  });

  it('reads CORS_ORIGINS as a list of origins, and refuses anything else in one line', () => {
    expect(loadConfig({ CORS_ORIGINS: 'http://localhost:5173, https://app.example.com' }).corsOrigins).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ CORS_ORIGINS: 'http://a.example/path' })).toThrow(
      "CORS_ORIGINS must be a comma-separated list of origins such as http://localhost:5173 (or *); got 'http://a.example/path'",
    );
  });
});
