import { connect } from 'net';

/**
 * What a server on 127.0.0.1:`port` sends back for `requests` written as they are on one socket, read to its end
 * (Date headers aside, so two answers compare). Raw, so nothing on either side normalizes what goes over the wire.
 */
export function rawHttp(port: number, requests: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(requests));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('end', () => resolve(text.replace(/^Date: .*\r\n/gim, '')));
    socket.on('error', reject);
  });
}
