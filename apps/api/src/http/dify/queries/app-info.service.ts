import { Injectable } from '@nestjs/common';
import { BUILTIN_TOOL_NAMES } from '@forkline/agent';
import { AgentDefinition } from '@forkline/domain';
import { AgentRepository } from '@forkline/event-store';
import { DifyError } from '../../dify-error';
import { SpeechSettings } from '../audio/speech-settings';
import { DifyAppContext } from '../dify-app-context';
import { AppInfoResponse, AppMetaResponse, ToolIconDetail, WebAppSettingsResponse } from './app-info.dto';
import { ChatAppParametersResponse } from './parameters.dto';

const OFF = { enabled: false };
const TOOL_ICONS: Record<string, ToolIconDetail> = {
  calculator: { background: '#EFF1F5', content: '🧮' },
  current_time: { background: '#EFF1F5', content: '🕒' },
  lookup_documents: { background: '#EFF1F5', content: '📄' },
};

/**
 * The app-info routes (parameters, meta, info, site) from the agent's current definition. What agents have no
 * setting for answers Dify's defaults with the feature off (uploads, annotations come with later routes; speech is on when its provider is configured).
 */
@Injectable()
export class AppInfo {
  constructor(
    private readonly agents: AgentRepository,
    private readonly speech: SpeechSettings,
  ) {}

  async parameters(app: DifyAppContext): Promise<ChatAppParametersResponse> {
    const d = await this.definition(app);
    const { voice, language } = this.speech.agentSpeech(d);
    return {
      opening_statement: d.openingStatement,
      suggested_questions: d.suggestedQuestions,
      suggested_questions_after_answer: { enabled: d.suggestedQuestionsAfterAnswer?.enabled ?? false },
      speech_to_text: { enabled: this.speech.speechToTextModel !== null },
      text_to_speech: { enabled: this.speech.textToSpeechModel !== null, voice, language, autoPlay: 'disabled' },
      retriever_resource: OFF,
      annotation_reply: OFF,
      more_like_this: OFF,
      sensitive_word_avoidance: OFF,
      user_input_form: [],
      file_upload: { image: { enabled: false, number_limits: 3, detail: 'high', transfer_methods: ['remote_url', 'local_file'] } },
      system_parameters: {
        file_size_limit: 15,
        image_file_size_limit: 10,
        audio_file_size_limit: 50,
        video_file_size_limit: 100,
        workflow_file_upload_limit: 10,
      },
    };
  }

  /** Tools are called by react agents alone; theirs are all built-in ones unless the agent names some. */
  async meta(app: DifyAppContext): Promise<AppMetaResponse> {
    const d = await this.definition(app);
    const tools = d.mode !== 'react' ? [] : (d.tools ?? BUILTIN_TOOL_NAMES);
    return { tool_icons: Object.fromEntries(tools.filter((t) => TOOL_ICONS[t]).map((t) => [t, TOOL_ICONS[t]])) };
  }

  async info(app: DifyAppContext): Promise<AppInfoResponse> {
    const d = await this.definition(app);
    return { name: d.name, description: d.description, tags: [], mode: 'advanced-chat', author_name: app.ownerId };
  }

  async site(app: DifyAppContext): Promise<WebAppSettingsResponse> {
    const d = await this.definition(app);
    return {
      title: d.name,
      chat_color_theme: '',
      chat_color_theme_inverted: false,
      icon_type: 'emoji',
      icon: '🤖',
      icon_background: '#FFEAD5',
      icon_url: null,
      description: d.description,
      copyright: '',
      privacy_policy: '',
      custom_disclaimer: '',
      default_language: 'en-US',
      show_workflow_steps: false,
      use_icon_as_answer_icon: false,
    };
  }

  /** The agent as it is now; gone (deleted since the key was checked): Dify's app_unavailable. */
  async definition(app: DifyAppContext): Promise<AgentDefinition> {
    const agent = await this.agents.find(app.ownerId, app.agentId);
    if (!agent) throw new DifyError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');
    return agent.definition;
  }
}
