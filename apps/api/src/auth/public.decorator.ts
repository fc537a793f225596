import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'forkline:isPublic';
export const TAKES_APP_KEYS = 'forkline:takesAppKeys';
export const TAKES_PASSPORTS = 'forkline:takesPassports';

/** Marks a route that needs no API key (health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Marks the routes of the Dify service API (/v1): they take app keys and only app keys; every other route refuses them. */
export const TakesAppKeys = () => SetMetadata(TAKES_APP_KEYS, true);

/** Marks the routes of the Dify web API (/api, web apps): they take passports (GET /api/passport) and only passports. */
export const TakesPassports = () => SetMetadata(TAKES_PASSPORTS, true);
