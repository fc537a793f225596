import { Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';
import { DifyError } from '../../http/dify-error';
import { noAccounts, SIGN_IN_INSTEAD, UnservedController } from './unsupported';

export class LogoutResponse {
  @ApiProperty({ example: 'success' }) result: 'success';
}

/**
 * Dify's web-app accounts (login, email codes, password resets, SSO): Forkline's identity is its API keys and passports,
 * so each answers the seed's code for an unsupported request with how to sign in instead, and nothing is read or written.
 */
@UnservedController(404, '`not_found`: Forkline has no web-app accounts; the message says how to sign in instead')
export class AccountsController {
  @Post(['login', 'email-code-login', 'email-code-login/validity', 'forgot-password', 'forgot-password/resets'])
  @HttpCode(404)
  account(): never {
    throw noAccounts();
  }

  @Get([
    'enterprise/sso/saml/login',
    'enterprise/sso/oidc/login',
    'enterprise/sso/oauth2/login',
    'enterprise/sso/members/saml/login',
    'enterprise/sso/members/oidc/login',
    'enterprise/sso/members/oauth2/login',
  ])
  @HttpCode(404)
  singleSignOn(): never {
    throw noAccounts();
  }

  /** The seed lists 401 besides 200: no session is ever signed in. */
  @Get('login/status')
  @HttpCode(401)
  loginStatus(): never {
    throw new DifyError(401, 'unauthorized', `Forkline has no web-app sign-in: ${SIGN_IN_INSTEAD}.`);
  }

  /** The seed lists 401 besides 200 (Dify's "Invalid or expired token"): no reset token is ever valid. */
  @Post('forgot-password/validity')
  @HttpCode(401)
  resetTokenValidity(): never {
    throw new DifyError(401, 'unauthorized', `Invalid or expired token: Forkline has no web-app passwords; ${SIGN_IN_INSTEAD}.`);
  }

  /**
   * The seed lists only 200, and Dify's front end calls it when it signs out: passports are not sessions (the browser
   * forgets its own), so there is nothing to end and nothing is written.
   */
  @Post('logout')
  @HttpCode(200)
  @ApiOkResponse({ type: LogoutResponse })
  logout(): LogoutResponse {
    return { result: 'success' };
  }
}
