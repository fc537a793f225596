import { HttpException, HttpStatus, Provider } from '@nestjs/common';
import { AppConfig } from '@forkline/platform';
import { APP_CONFIG } from '../infrastructure/tokens';

/** The process's one count of open SSE streams per user: every face that streams takes its slots from it. */
export const SSE_STREAM_SLOTS = Symbol('SSE_STREAM_SLOTS');

/**
 * Open streams per user: the rate limit counts a stream once however long it stays open, and each holds a connection, a
 * subscription and its buffers, so a user may hold at most `perUser` at once (STREAMS_PER_USER); the next one gets 429.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly perUser: number) {}

  /** Takes one of the user's slots, or throws 429; the returned function gives it back (once). */
  take(userId: string): () => void {
    const held = this.open.get(userId) ?? 0;
    if (held >= this.perUser) {
      throw new HttpException(
        `too many open streams: at most ${this.perUser} per user (STREAMS_PER_USER); close one first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    this.open.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(userId) ?? 1) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }
}

/** STREAMS_PER_USER counts a user's streams on all faces together, so the faces share this one instance (CoreModule). */
export const sseStreamSlotsProvider: Provider = {
  provide: SSE_STREAM_SLOTS,
  useFactory: (config: AppConfig) => new StreamSlots(config.streamsPerUser),
  inject: [APP_CONFIG],
};
