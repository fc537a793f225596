import { Controller, Get, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';

/** `/` is where a developer lands after `npm start`: send them to the playground. */
@ApiExcludeController()
@Controller()
export class RootRedirectController {
  @Public()
  @Get()
  @Redirect('/playground/', 302)
  root() {}
}
