import { randomBytes } from 'crypto';
import { DomainError } from './domain-errors';

/**
 * A site code's own stream (one per code, appended with the expected revision): the code is claimed before an agent
 * takes it and released after the agent gives it up, so no two agents of any users carry one code.
 */
export interface SiteCodeClaimed {
  type: 'SiteCodeClaimed';
  data: { siteCode: string; agentId: string };
}

export interface SiteCodeReleased {
  type: 'SiteCodeReleased';
  data: { siteCode: string; agentId: string };
}

export type SiteCodeEvent = SiteCodeClaimed | SiteCodeReleased;

/** A site code: 4-64 URL-safe characters (letters, digits, `-`, `_`); generated ones have 16, as Dify's. */
export const SITE_CODE_PATTERN = /^[A-Za-z0-9_-]{4,64}$/;
export const SITE_CODE_RULE = 'must be 4-64 letters, digits, hyphens or underscores';

/** A fresh code: 12 random bytes as 16 base64url characters (96 bits: not guessable, though it is no secret). */
export const newSiteCode = () => randomBytes(12).toString('base64url');

export class SiteCodeTaken extends DomainError {
  readonly kind = 'conflict' as const;
  constructor(code: string) {
    super(`site_code: '${code}' is taken by another app`, 'site_code');
  }
}
