import 'reflect-metadata';
import { AddressInfo } from 'net';
import { ConfigError, loadConfig } from '@forkline/platform';
import { LoadedKeys } from './auth/api-keys';
import { LOADED_KEYS } from './auth/auth.module';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  const { createdKey } = app.get<LoadedKeys>(LOADED_KEYS);
  if (createdKey) {
    console.log(
      `Created an API key for user '${createdKey.userId}'. It is shown only this once (only its hash is kept, in ${createdKey.file}):\n\n` +
        `  ${createdKey.key}\n\n  curl -H "Authorization: Bearer ${createdKey.key}" http://localhost:${port}/threads\n`,
    );
  }
  console.log(`Forkline listening on http://localhost:${port} (DATA_DIR=${config.dataDir}, MODEL=${config.model}, API docs at /docs)`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `forkline: ${error.message}` : error);
  process.exit(1);
});
