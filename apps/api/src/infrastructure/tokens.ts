export const APP_CONFIG = Symbol('APP_CONFIG');
export const BACKENDS = Symbol('BACKENDS');
/** The projector's lease on the shared counter backend: a connection of the core's own, closed after the projections stop. */
export const PROJECTOR_LEASES = Symbol('PROJECTOR_LEASES');
