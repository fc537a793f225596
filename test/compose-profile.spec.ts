import { readFileSync } from 'fs';
import { join } from 'path';
import { runInNewContext } from 'vm';
import { load } from 'js-yaml';
import { loadConfig } from '@forkline/platform';

// No Docker engine here: the compose file and the Dockerfile are checked as data.

interface Service {
  image?: string;
  restart?: string;
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  command?: string[];
  deploy?: { replicas?: number };
  volumes?: string[];
  expose?: string[];
}

const root = join(__dirname, '..');
const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };
const { eventstore, mongo, api, worker, projector } = compose.services;

/** mongosh's exit code for the health check's script, run against a fake node in the given state. */
function mongoHealth(state: { initiated: boolean; primary: boolean }): number {
  const script = mongo.healthcheck!.test[mongo.healthcheck!.test.indexOf('--eval') + 1];
  const exit = new Error('quit');
  let code = 0;
  const rs = {
    status: () => {
      if (!state.initiated) throw new Error('no replset config has been received');
      return { ok: 1 };
    },
    initiate: () => ({ ok: 1 }),
  };
  const quit = (c = 0) => {
    code = c;
    throw exit;
  };
  try {
    runInNewContext(script, { rs, db: { hello: () => ({ isWritablePrimary: state.primary }) }, quit });
  } catch (error) {
    if (error !== exit) return 1;
  }
  return code;
}

describe('docker-compose.yml and Dockerfile (issue 11 item 8)', () => {
  it('keeps EventStoreDB and MongoDB on the compose network (no published port); the opt-in file publishes them on loopback only', () => {
    expect([eventstore.ports, mongo.ports]).toEqual([undefined, undefined]);
    const hostPorts = load(readFileSync(join(root, 'docker-compose.host-ports.yml'), 'utf8')) as { services: Record<string, Service> };
    expect(Object.keys(hostPorts.services).sort()).toEqual(['eventstore', 'mongo']);
    for (const server of Object.values(hostPorts.services)) {
      expect(server.ports?.length).toBeGreaterThan(0);
      for (const port of server.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('restarts every service unless it was stopped', () => {
    for (const [name, service] of Object.entries(compose.services)) expect([name, service.restart]).toEqual([name, 'unless-stopped']);
  });

  it('reports MongoDB healthy only once the node is the writable primary (initiating the set on first run)', () => {
    expect(mongoHealth({ initiated: false, primary: false })).not.toBe(0);
    expect(mongoHealth({ initiated: true, primary: false })).not.toBe(0);
    expect(mongoHealth({ initiated: true, primary: true })).toBe(0);
  });

  it("probes the API's health on 127.0.0.1, where it listens (HOST=0.0.0.0 is IPv4 only; localhost may be ::1)", () => {
    expect(api.environment?.HOST).toBe('0.0.0.0');
    expect(api.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/health');
  });

  it('gives workers and the projector a /health and /metrics listener on the compose network, and probes it', () => {
    for (const service of [worker, projector]) {
      const { metricsPort, host } = loadConfig({ METRICS_PORT: service.environment?.METRICS_PORT, HOST: service.environment?.HOST });
      expect(metricsPort).toBeGreaterThan(0);
      expect(host).toBe('0.0.0.0');
      expect(service.expose).toEqual([String(metricsPort)]);
      expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${metricsPort}/health`);
    }
    expect(api.environment?.METRICS_PORT).toBeUndefined();
  });

  it('gives EventStoreDB and the API the same append size limit', () => {
    const limit = eventstore.environment?.EVENTSTORE_MAX_APPEND_SIZE;
    expect(limit).toBe('${EVENTSTORE_MAX_APPEND_SIZE:-1048576}');
    expect(api.environment?.EVENTSTORE_MAX_APPEND_SIZE).toBe(limit);
  });

  it('builds with npm 11 (so allowScripts holds) and runs as a non-root user', () => {
    const [build, runtime] = readFileSync(join(root, 'Dockerfile'), 'utf8')
      .split(/^FROM .*$/m)
      .slice(1);
    const lines = (stage: string) => stage.split('\n').map((l) => l.trim());
    const npm11 = lines(build).findIndex((l) => /^RUN npm (install|i) -g npm@11\b/.test(l));
    expect(npm11).toBeGreaterThanOrEqual(0);
    expect(npm11).toBeLessThan(lines(build).findIndex((l) => l.startsWith('RUN npm ci')));
    const user = lines(runtime)
      .filter((l) => l.startsWith('USER '))
      .pop();
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
    expect(
      lines(runtime)
        .slice(lines(runtime).lastIndexOf(user!))
        .some((l) => l.startsWith('RUN ')),
    ).toBe(false);
  });

  it('splits Forkline by role: api x2 (ROLES=api), worker x2 (ROLES=agent, the worker entry point), one projector (ROLES=projections)', () => {
    const forkline = { api, worker, projector };
    const roles = Object.fromEntries(
      Object.entries(forkline).map(([name, s]) => [name, loadConfig({ ROLES: s.environment?.ROLES }).roles]),
    );
    expect(roles).toEqual({ api: ['api'], worker: ['agent'], projector: ['projections'] });
    expect([api.deploy?.replicas, worker.deploy?.replicas, projector.deploy?.replicas ?? 1]).toEqual([2, 2, 1]);
    expect(worker.command?.join(' ')).toContain('dist/apps/api/src/worker.js');
    expect([worker.ports, projector.ports]).toEqual([undefined, undefined]);
    // Two replicas cannot share one host port.
    expect(api.ports).toEqual(['3000-3001:3000']);
    // The same stores and settings everywhere: only ROLES and where each listens differ.
    const shared = (s: Service) =>
      Object.fromEntries(Object.entries(s.environment ?? {}).filter(([name]) => !['ROLES', 'HOST', 'METRICS_PORT'].includes(name)));
    expect(shared(api)).toEqual(shared(worker));
    expect(shared(projector)).toEqual(shared(worker));
    expect(shared(worker)).toMatchObject({
      EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false',
      MONGODB_URL: expect.stringMatching(/^mongodb:\/\/mongo:27017\//),
    });
  });

  it("runs every Forkline process with package.json's V8 memory flags (config.node_flags), as npm start and npm run worker do", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const flags: string = pkg.config.node_flags;
    expect(flags).toContain('--max-old-space-size=');
    for (const script of ['start', 'worker']) expect(pkg.scripts[script]).toContain('node $npm_package_config_node_flags ');
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'))![1];
    expect((JSON.parse(cmd) as string[]).join(' ')).toContain(`node ${flags} `);
    expect(worker.command?.join(' ')).toContain(`node ${flags} `);
  });
});
