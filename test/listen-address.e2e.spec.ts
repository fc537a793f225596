import { request } from 'http';
import { networkInterfaces } from 'os';
import { spawnServer, stopServer } from './support/server-process';
import { newDataDir } from './support/test-app';

/** Whether anything answers HTTP at host:port (a refused or unreachable connection is false). */
const answers = (host: string, port: string) =>
  new Promise<boolean>((resolve) => {
    const req = request({ host, port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });

/** The machine's own address on a non-loopback interface, if it has one. */
const outwardAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

describe('HOST: the listen address', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['', '127.0.0.1 by default'],
  ])('HOST=%j listens on loopback only (%s)', async (host) => {
    const server = await spawnServer({ DATA_DIR: newDataDir(), HOST: host });
    try {
      const port = new URL(server.baseUrl).port;
      expect(server.output()).toContain(`listening on http://127.0.0.1:${port} `);
      expect(await answers('127.0.0.1', port)).toBe(true);
      if (outwardAddress) expect(await answers(outwardAddress, port)).toBe(false);
    } finally {
      await stopServer(server, 'SIGTERM');
    }
  });

  it('HOST=0.0.0.0 listens on every interface', async () => {
    const server = await spawnServer({ DATA_DIR: newDataDir(), HOST: '0.0.0.0' });
    try {
      const port = new URL(server.baseUrl).port;
      expect(server.output()).toContain(`listening on http://localhost:${port} `);
      expect(await answers('127.0.0.1', port)).toBe(true);
      if (outwardAddress) expect(await answers(outwardAddress, port)).toBe(true);
    } finally {
      await stopServer(server, 'SIGTERM');
    }
  });
});
