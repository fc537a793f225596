import { randomUUID } from 'crypto';
import {
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

/** Outside every Forkline prefix: global reads and subscriptions never see it. */
const IDENTITY_STREAM = 'forkline-identity';

/**
 * The log's identity: a random id in the first event of IDENTITY_STREAM, written by the first Forkline to ask.
 * The connection string would not do: one server has many names, and a wiped server keeps its name.
 */
export async function esdbIdentity(client: EventStoreDBClient): Promise<string> {
  const existing = await readIdentity(client);
  if (existing) return existing;
  const id = `eventstoredb:${randomUUID()}`;
  try {
    await client.appendToStream(IDENTITY_STREAM, jsonEvent({ type: 'ForklineIdentity', data: { id } }), { expectedRevision: NO_STREAM });
    return id;
  } catch (error) {
    // Another Forkline wrote it first: its id is the log's.
    if (!(error instanceof WrongExpectedVersionError)) throw error;
    const written = await readIdentity(client);
    if (!written) throw error;
    return written;
  }
}

async function readIdentity(client: EventStoreDBClient): Promise<string | undefined> {
  try {
    // maxCount 1: the server ends the call by itself after the first event.
    for await (const resolved of client.readStream(IDENTITY_STREAM, { direction: FORWARDS, fromRevision: START, maxCount: 1 })) {
      const id = (resolved.event?.data as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') return id;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return undefined;
}
