import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../http/validation.pipe';

/** `?user=`: the app's end user making the request (Dify's SDK sends it on every call); other query keys are ignored, as Dify does. */
@IgnoresUnknownFields()
export class UserQuery {
  @ApiPropertyOptional({
    example: 'abc-123',
    description: "The end user's identifier in your app; recorded as an end user of the app on first use",
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  user?: string;
}
