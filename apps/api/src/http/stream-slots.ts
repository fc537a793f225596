import { HttpException, HttpStatus } from '@nestjs/common';

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
