import 'reflect-metadata';
import { ConfigError, loadConfig } from '@forkline/platform';
import { LoadedKeys } from './auth/api-keys';
import { LOADED_KEYS } from './auth/auth.module';
import { createApp } from './create-app';
import { createHeadless, startedLine } from './create-headless';
import { listenUrl } from './http/listen-url';

async function main(): Promise<void> {
  const config = loadConfig();
  // Without the api role the process projects and/or runs the agent, with /health and /metrics on METRICS_PORT if set.
  if (!config.roles.includes('api')) {
    console.log(startedLine(config, 'process', await createHeadless(config)));
    return;
  }
  // Said rather than refused: one environment file may well serve every process of a deployment.
  if (config.metricsPort !== undefined)
    console.warn('forkline: METRICS_PORT is ignored: a process with the api role serves /health and /metrics on PORT');
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = listenUrl(app.getHttpServer());
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
