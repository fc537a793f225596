import { PayloadTooLargeException } from '@nestjs/common';
import { ReadStore } from '@forkline/read-models';

/**
 * The per-user cap on stored bytes (USER_STORAGE_BYTES), checked before a user's message is decided:
 * what the user's threads hold, as the read models count it, plus the new message. Deleting a thread
 * frees its bytes. Replies and run records count too but are never refused: the cap stops new input.
 */
export class StorageQuota {
  constructor(
    private readonly readStore: ReadStore,
    private readonly limit: number,
  ) {}

  async check(userId: string, input: unknown): Promise<void> {
    const used = await this.readStore.storedBytesOf(userId);
    const adding = Buffer.byteLength(JSON.stringify(input));
    if (used + adding > this.limit)
      throw new PayloadTooLargeException(
        `storage quota exceeded: your threads hold ${used} of your ${this.limit} bytes and this message needs ${adding}; delete threads to free space`,
      );
  }
}
