import 'reflect-metadata';
import { AddressInfo } from 'net';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as AddressInfo;
  console.log(`Forkline listening on http://localhost:${port} (DATA_DIR=${config.dataDir}, MODEL=${config.model})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `forkline: ${error.message}` : error);
  process.exit(1);
});
