import { ApiProperty } from '@nestjs/swagger';
import { AppKeyResponse } from '../app-key.dto';

export class CreatedAppKeyResponse extends AppKeyResponse {
  @ApiProperty({ example: 'app-3q2x...', description: 'The key: shown this once, then only its hash is kept' })
  key: string;
}
