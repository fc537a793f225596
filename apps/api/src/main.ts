import 'reflect-metadata';
import { AddressInfo, isIPv6 } from 'net';
import { ConfigError, loadConfig } from '@forkline/platform';
import { LoadedKeys } from './auth/api-keys';
import { LOADED_KEYS } from './auth/auth.module';
import { createApp } from './create-app';
import { createHeadless, startedLine } from './create-headless';

async function main(): Promise<void> {
  const config = loadConfig();
  // Without the api role no port is opened: the process projects and/or runs the agent.
  if (!config.roles.includes('api')) {
    await createHeadless(config);
    console.log(startedLine(config, 'process'));
    return;
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const { address, port } = app.getHttpServer().address() as AddressInfo;
  // An address that means "every interface" is reached locally through localhost.
  const shown = address === '0.0.0.0' || address === '::' ? 'localhost' : isIPv6(address) ? `[${address}]` : address;
  const url = `http://${shown}:${port}`;
  const { createdKey } = app.get<LoadedKeys>(LOADED_KEYS);
  if (createdKey) {
    console.log(
      `Created an API key for user '${createdKey.userId}'. It is shown only this once (only its hash is kept, in ${createdKey.file}):\n\n` +
        `  ${createdKey.key}\n\n  curl -H "Authorization: Bearer ${createdKey.key}" ${url}/threads\n`,
    );
  }
  console.log(
    `Forkline listening on ${url} (ROLES=${config.roles.join(',')}, DATA_DIR=${config.dataDir}, MODEL=${config.model}, API docs at /docs)`,
  );
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `forkline: ${error.message}` : error);
  process.exit(1);
});
