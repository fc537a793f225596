/** EventStoreDB's $all position (commit, prepare) as one ordered bigint: commit in the high 64 bits. */
export interface EsdbPosition {
  commit: bigint;
  prepare: bigint;
}

const LOW_64 = (1n << 64n) - 1n;

export const encodePosition = ({ commit, prepare }: EsdbPosition): bigint => (commit << 64n) | prepare;

export const decodePosition = (position: bigint): EsdbPosition => ({ commit: position >> 64n, prepare: position & LOW_64 });
