import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port);
  console.log(`Forkline listening on http://localhost:${config.port} (DATA_DIR=${config.dataDir}, MODEL=${config.model})`);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `forkline: ${error.message}` : error);
  process.exit(1);
});
