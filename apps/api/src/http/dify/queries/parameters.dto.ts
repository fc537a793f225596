import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FeatureSwitch {
  @ApiProperty() enabled: boolean;
}

export class TextToSpeechSetting extends FeatureSwitch {
  @ApiProperty({ example: '' }) voice: string;
  @ApiProperty({ example: '' }) language: string;
  @ApiProperty({ enum: ['enabled', 'disabled'] }) autoPlay: string;
}

export class ImageUploadSetting extends FeatureSwitch {
  @ApiProperty() number_limits: number;
  @ApiProperty({ example: 'high' }) detail: string;
  @ApiProperty({ type: [String], example: ['remote_url', 'local_file'] }) transfer_methods: string[];
}

export class FileUploadSetting {
  @ApiProperty({ type: ImageUploadSetting }) image: ImageUploadSetting;
}

export class SystemParameters {
  @ApiProperty({ description: 'MB' }) file_size_limit: number;
  @ApiProperty({ description: 'MB' }) image_file_size_limit: number;
  @ApiProperty({ description: 'MB' }) audio_file_size_limit: number;
  @ApiProperty({ description: 'MB' }) video_file_size_limit: number;
  @ApiProperty() workflow_file_upload_limit: number;
}

/** One input of the form: `{ "text-input" | "paragraph" | "select": { label, variable, required, default, options? } }`. */
export class UserInputControl {
  @ApiProperty() label: string;
  @ApiProperty() variable: string;
  @ApiProperty() required: boolean;
  @ApiProperty() default: string;
  @ApiPropertyOptional({ type: [String], description: 'select only' }) options?: string[];
}

/** GET /v1/parameters (Dify's ChatAppParametersResponse), from the agent's definition. */
export class ChatAppParametersResponse {
  @ApiProperty({ description: "The agent's opening statement" }) opening_statement: string;
  @ApiProperty({ type: [String], description: "The agent's suggested questions" }) suggested_questions: string[];
  @ApiProperty({ type: FeatureSwitch }) suggested_questions_after_answer: FeatureSwitch;
  @ApiProperty({ type: FeatureSwitch }) speech_to_text: FeatureSwitch;
  @ApiProperty({ type: TextToSpeechSetting }) text_to_speech: TextToSpeechSetting;
  @ApiProperty({ type: FeatureSwitch }) retriever_resource: FeatureSwitch;
  @ApiProperty({ type: FeatureSwitch }) annotation_reply: FeatureSwitch;
  @ApiProperty({ type: FeatureSwitch }) more_like_this: FeatureSwitch;
  @ApiProperty({ type: FeatureSwitch }) sensitive_word_avoidance: FeatureSwitch;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: { $ref: '#/components/schemas/UserInputControl' } },
    description: 'Agents declare no inputs yet: always empty',
  })
  user_input_form: Record<string, UserInputControl>[];
  @ApiProperty({ type: FileUploadSetting }) file_upload: FileUploadSetting;
  @ApiProperty({ type: SystemParameters }) system_parameters: SystemParameters;
}
