import { Get, HttpCode, Post } from '@nestjs/common';
import { DifyError } from '../../http/dify-error';
import { UnservedController } from './unsupported';

/** Human-input forms belong to workflow apps; a form token is no passport, so no passport is asked for. */
@UnservedController(404, '`not_found`: Forkline has no human-input forms (workflow apps only)')
export class HumanInputController {
  @Get('form/human_input/:form_token')
  @HttpCode(404)
  form(): never {
    throw noForms();
  }

  @Post('form/human_input/:form_token')
  @HttpCode(404)
  submit(): never {
    throw noForms();
  }
}

const noForms = () =>
  new DifyError(404, 'not_found', 'Forkline has no human-input forms: they belong to workflow apps, and every Forkline app is a chat app.');
