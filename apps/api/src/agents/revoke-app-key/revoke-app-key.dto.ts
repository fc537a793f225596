import { ApiProperty } from '@nestjs/swagger';

export class RevokeAppKeyResponse {
  @ApiProperty({ format: 'uuid' }) key_id: string;
  @ApiProperty({ example: true }) revoked: boolean;
}
