import { ApiProperty } from '@nestjs/swagger';

/** An app key as listed: never its secret, which only its creation's answer carries. */
export class AppKeyResponse {
  @ApiProperty({ format: 'uuid' }) key_id: string;
  @ApiProperty() agent_id: string;
  @ApiProperty({ example: 'app-...x9Qz', description: "The key's prefix and last characters, to tell keys apart" })
  masked_key: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}
