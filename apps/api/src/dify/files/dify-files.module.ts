import { Module } from '@nestjs/common';
import { AppConfig } from '@forkline/platform';
import { APP_CONFIG } from '../../infrastructure/tokens';
import { EndUserRecorder } from '../end-users/end-user-recorder';
import { DifyFiles } from './dify-files';
import { FilesController } from './files.controller';
import { UploadLimits } from './upload-limits';

/**
 * The Dify face's files: upload and preview, and DifyFiles for the chat and conversation routes that use them. The
 * blob store is the core's (BLOB_STORE): the stream janitor removes a deleted thread's uploads with it.
 */
@Module({
  controllers: [FilesController],
  providers: [
    { provide: UploadLimits, inject: [APP_CONFIG], useFactory: (config: AppConfig) => UploadLimits.fromEnv(config.env) },
    EndUserRecorder,
    DifyFiles,
  ],
  exports: [DifyFiles],
})
export class DifyFilesModule {}
