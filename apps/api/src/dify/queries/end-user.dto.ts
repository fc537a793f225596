import { ApiProperty } from '@nestjs/swagger';

/** GET /v1/end-users/{end_user_id} (Dify's EndUserDetail). */
export class EndUserDetail {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: "The app owner's workspace: an id derived from the owner's user id" }) tenant_id: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The agent' }) app_id: string | null;
  @ApiProperty({ example: 'service_api' }) type: string;
  @ApiProperty({ nullable: true, type: String, description: 'The `user` string the app sent' }) external_user_id: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty() is_anonymous: boolean;
  @ApiProperty() session_id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}
