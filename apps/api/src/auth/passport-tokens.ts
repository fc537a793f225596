import { errors, jwtVerify, SignJWT } from 'jose';

/** What a passport names: the app (agent), its site code when issued, and the anonymous end user it was issued to. */
export interface PassportClaims {
  agentId: string;
  siteCode: string;
  endUserId: string;
}

/** Dify's subject of web-app passports (api/controllers/web/passport.py). */
export const PASSPORT_SUBJECT = 'Web API Passport';

/** Why a token is no passport, in Dify's words (api/libs/passport.py), which its front end shows. */
export class PassportRefused extends Error {}

/**
 * Passports of the Dify web API: HS256 JWTs as Dify's (`iss` = app id, `sub`, `app_id`, `app_code`, `end_user_id`),
 * plus `iat` and `exp`: Dify's anonymous passports never expire, Forkline's do (PASSPORT_TTL). Only HS256 is taken:
 * `alg: none` or any other algorithm is refused before the signature is looked at.
 */
export class PassportTokens {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(claims: PassportClaims): Promise<string> {
    const issuedAt = Math.floor(this.now() / 1000);
    return new SignJWT({ app_id: claims.agentId, app_code: claims.siteCode, end_user_id: claims.endUserId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(claims.agentId)
      .setSubject(PASSPORT_SUBJECT)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + Math.floor(this.ttlMs / 1000))
      .sign(this.secret);
  }

  /** The passport's claims; throws PassportRefused with Dify's message when it is none (or no longer one). */
  async verify(token: string): Promise<PassportClaims> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        subject: PASSPORT_SUBJECT,
        requiredClaims: ['exp', 'iss'],
        currentDate: new Date(this.now()),
      });
      const { app_id: agentId, app_code: siteCode, end_user_id: endUserId } = payload;
      if (typeof agentId !== 'string' || typeof siteCode !== 'string' || typeof endUserId !== 'string' || payload.iss !== agentId) {
        throw new PassportRefused('Invalid token.');
      }
      return { agentId, siteCode, endUserId };
    } catch (error) {
      if (error instanceof PassportRefused) throw error;
      if (error instanceof errors.JWTExpired) throw new PassportRefused('Token has expired.');
      if (error instanceof errors.JWSSignatureVerificationFailed) throw new PassportRefused('Invalid token signature.');
      throw new PassportRefused('Invalid token.');
    }
  }
}
