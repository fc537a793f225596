// The MongoDB adapters, outside the package's main entry: they load the MongoDB driver (~20 MB), which only the
// production profile needs. Import them from '@forkline/read-models/mongodb' (backends.ts does, on demand).
export * from './mongo-read-store';
export * from '../rate-counters/mongo-rate-counters';
