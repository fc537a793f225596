import { parseConnectionString } from '@eventstore/db-client/dist/Client/parseConnectionString';
import { readFileSync } from 'fs';
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';

export interface ScavengeStarted {
  node: string;
  scavengeId: string;
}

/**
 * Starts a scavenge on every node the connection string names, through the server's documented HTTP API
 * (`POST /admin/scavenge`; the 6.x client has no call for it). A scavenge is what finally removes a deleted
 * stream's events from disk and from `$all`; it runs in the background, one per node, and writes its progress
 * to `$scavenges-<id>`. Needs a user in `$admins` or `$ops` once auth is on; the connection's credentials are used.
 */
export async function startScavenge(url: string, threads = 1): Promise<ScavengeStarted[]> {
  const settings = parseConnectionString(url);
  if (settings.dnsDiscover) throw new Error('scavenge each node of a discovered cluster by its own address (esdb://node:2113)');
  const secure = settings.tls !== false;
  const credentials = settings.defaultCredentials;
  const headers: Record<string, string> = { accept: 'application/json', 'content-length': '0' };
  if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const ca = settings.tlsCAFile ? readFileSync(settings.tlsCAFile) : undefined;
  const started: ScavengeStarted[] = [];
  for (const { address, port } of settings.hosts) {
    const node = `${secure ? 'https' : 'http'}://${address}:${port}`;
    const body = await post(`${node}/admin/scavenge?threads=${threads}`, headers, secure, ca);
    started.push({ node, scavengeId: String((JSON.parse(body) as { scavengeId?: string }).scavengeId) });
  }
  return started;
}

function post(url: string, headers: Record<string, string>, secure: boolean, ca?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, { method: 'POST', headers, ...(ca && { ca }) }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode && response.statusCode < 300
          ? resolve(body)
          : reject(new Error(`${url} answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim())),
      );
    });
    request.setTimeout(10_000, () => request.destroy(new Error(`${url} did not answer within 10 s`)));
    request.on('error', reject);
    request.end();
  });
}
