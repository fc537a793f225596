import { Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { BLOB_STORE, BlobStore } from '@forkline/event-store';
import { AppConfig, openBlobStore } from '@forkline/platform';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { DifyFiles } from './dify-files';
import { FilesController } from './files.controller';
import { UploadLimits } from './upload-limits';

/** Closes the blob store's connection (GridFS) once the app stops serving. */
@Injectable()
class BlobStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.blobs.close();
  }
}

/** The Dify face's files: upload and preview, and DifyFiles for the chat and conversation routes that use them. */
@Module({
  controllers: [FilesController],
  providers: [
    { provide: BLOB_STORE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openBlobStore(config) },
    { provide: UploadLimits, inject: [APP_CONFIG], useFactory: (config: AppConfig) => UploadLimits.fromEnv(config.env) },
    BlobStoreLifecycle,
    EndUserRecorder,
    DifyFiles,
  ],
  exports: [DifyFiles],
})
export class DifyFilesModule {}
