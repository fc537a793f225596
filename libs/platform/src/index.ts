export * from './config/app-config';
export * from './config/with-timeout';
export * from './backends';
export * from './rate-counters';
export * from './metrics/metrics';
export * from './app-keys';
export * from './blob-store';
