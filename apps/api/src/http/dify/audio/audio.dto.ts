import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IgnoresUnknownFields } from '../../validation.pipe';

/** The most text one speech request takes (OpenAI's /audio/speech limit). */
export const SPEECH_MAX_CHARS = 4096;

const USER = {
  example: 'abc-123',
  description: "The end user's identifier in your app; recorded as an end user of the app when the call succeeds",
};

/** POST /v1/audio-to-text, multipart/form-data: the audio in `file`, the end user in `user`. */
@IgnoresUnknownFields()
export class AudioToTextRequest {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The audio: mp3, mp4, mpeg, mpga, m4a, wav, webm or amr, at most 30 MB',
  })
  file?: unknown;

  @ApiPropertyOptional(USER)
  @IsOptional()
  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsString({ message: 'must be a string' })
  user?: string;
}

export class AudioToTextResponse {
  @ApiProperty({ example: 'Hello, I would like to know more about the iPhone 13 Pro Max.', description: 'What the audio says' })
  text: string;
}

/** POST /v1/text-to-audio (decorators run from the field up, so each field's type is checked first): the text to speak, given or the answer of one of the end user's messages. */
@IgnoresUnknownFields()
export class TextToAudioRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "A message of the end user's: its answer is spoken (before `text`, when both are given)",
  })
  @IsOptional()
  @IsUUID(undefined, { message: 'must be a uuid' })
  message_id?: string;

  @ApiPropertyOptional({
    example: 'Hello, welcome to our service.',
    description: `The text to speak, at most ${SPEECH_MAX_CHARS} characters`,
  })
  @IsOptional()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(SPEECH_MAX_CHARS, { message: `must be at most ${SPEECH_MAX_CHARS} characters` })
  @IsString({ message: 'must be a string' })
  text?: string;

  @ApiPropertyOptional(USER)
  @IsOptional()
  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsString({ message: 'must be a string' })
  user?: string;

  @ApiPropertyOptional({
    example: 'alloy',
    description: "The provider's voice; absent: the app's (GET /v1/parameters: text_to_speech.voice)",
  })
  @IsOptional()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(64, { message: 'must be at most 64 characters' })
  @IsString({ message: 'must be a string' })
  voice?: string;

  @ApiPropertyOptional({ default: false, description: 'true: the audio is sent as the provider makes it (chunked), not once whole' })
  @IsOptional()
  @IsBoolean({ message: 'must be a boolean' })
  streaming?: boolean;
}
