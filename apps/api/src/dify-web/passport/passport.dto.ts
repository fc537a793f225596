import { ApiProperty } from '@nestjs/swagger';

export class PassportResponse {
  @ApiProperty({
    description: 'An HS256 JWT naming the app and a new anonymous end user; send it as X-App-Passport or Authorization: Bearer',
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiIuLi4ifQ.c2lnbmF0dXJl',
  })
  access_token: string;
}
