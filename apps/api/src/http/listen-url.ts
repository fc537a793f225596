import type { Server } from 'http';
import { AddressInfo, isIPv6 } from 'net';

/** The URL a listening server is reached at from this machine: an address that means "every interface" is reached through localhost. */
export function listenUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  const shown = address === '0.0.0.0' || address === '::' ? 'localhost' : isIPv6(address) ? `[${address}]` : address;
  return `http://${shown}:${port}`;
}
