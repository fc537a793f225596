import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'forkline:isPublic';
export const TAKES_APP_KEYS = 'forkline:takesAppKeys';
export const TAKES_X_API_KEY = 'forkline:takesXApiKey';
export const TAKES_PASSPORTS = 'forkline:takesPassports';
export const ISSUES_PASSPORTS = 'forkline:issuesPassports';

/** Marks a route that needs no API key (health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Marks the routes of the Dify service API (/v1): they take app keys and only app keys; every other route refuses them. */
export const TakesAppKeys = () => SetMetadata(TAKES_APP_KEYS, true);

/** Marks the LangGraph face's routes (/langgraph): LangGraph clients send their key as `x-api-key`, taken there as well as a bearer key. */
export const TakesXApiKey = () => SetMetadata(TAKES_X_API_KEY, true);

/** Marks the routes of the Dify web API (/api, web apps): they take passports (GET /api/passport) and only passports. */
export const TakesPassports = () => SetMetadata(TAKES_PASSPORTS, true);

/** Marks GET /api/passport: no key, but an X-App-Code naming a web app, whose owner's rate limit the request uses. */
export const IssuesPassports = () => SetMetadata(ISSUES_PASSPORTS, true);
