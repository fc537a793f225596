export const APP_CONFIG = Symbol('APP_CONFIG');
export const BACKENDS = Symbol('BACKENDS');
