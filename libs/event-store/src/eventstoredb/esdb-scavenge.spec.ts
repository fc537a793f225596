import { createServer, IncomingMessage, Server } from 'http';
import { AddressInfo } from 'net';
import { startScavenge } from './esdb-scavenge';

/** Two stand-ins for a cluster's nodes' HTTP API on 127.0.0.1. */
describe('startScavenge', () => {
  const seen: Array<{ port: number; method?: string; url?: string; auth?: string }> = [];
  let status = 200;
  const servers: Server[] = [];
  const ports: number[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const server = createServer((req: IncomingMessage, res) => {
        const port = (server.address() as AddressInfo).port;
        seen.push({ port, method: req.method, url: req.url, auth: req.headers.authorization });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ scavengeId: `s-${port}` }));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      servers.push(server);
      ports.push((server.address() as AddressInfo).port);
    }
  });
  afterAll(() => servers.forEach((s) => s.close()));
  beforeEach(() => ((seen.length = 0), (status = 200)));

  it('asks every node of the connection string, with its credentials', async () => {
    const url = `esdb://ops:secret@127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}?tls=false`;
    expect(await startScavenge(url)).toEqual(ports.map((p) => ({ node: `http://127.0.0.1:${p}`, scavengeId: `s-${p}` })));
    expect(seen).toEqual(
      ports.map((port) => ({
        port,
        method: 'POST',
        url: '/admin/scavenge?threads=1',
        auth: `Basic ${Buffer.from('ops:secret').toString('base64')}`,
      })),
    );
  });

  it('sends no credentials when the connection string has none, and fails on a refusal', async () => {
    await startScavenge(`esdb://127.0.0.1:${ports[0]}?tls=false`);
    expect(seen[0].auth).toBeUndefined();
    status = 401;
    await expect(startScavenge(`esdb://127.0.0.1:${ports[0]}?tls=false`)).rejects.toThrow(/answered 401/);
  });

  it('refuses a DNS-discovered cluster, whose nodes it cannot name', async () => {
    await expect(startScavenge('esdb+discover://cluster.example:2113')).rejects.toThrow(/each node/);
  });
});
