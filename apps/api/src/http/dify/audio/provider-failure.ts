import { providerErrorText } from '@forkline/agent';
import { DifyError } from '../../dify-error';

export type SpeechTask = 'speech-to-text' | 'text-to-speech';

/** The seed's message for a provider that takes no key (it is Dify's, word for word). */
const NOT_INITIALIZED =
  'No valid model provider credentials found. Please go to Settings -> Model Provider to complete your provider credentials.';

/** Dify's answer for a provider without credentials: also what text-to-speech answers when no speech model is configured. */
export const providerNotInitialized = () => new DifyError(400, 'provider_not_initialize', NOT_INITIALIZED);

/**
 * What the Dify face answers when the speech provider refused or failed (`status` null: it was not reached), in the
 * seed's codes: a refused key is provider_not_initialize, an exhausted quota provider_quota_exceeded, an unknown
 * model model_currently_not_support, anything else completion_request_error, all 400 as Dify answers them. The
 * provider's own words are kept, with its addresses hidden (the server log has them whole).
 */
export function providerFailure(task: SpeechTask, model: string, status: number | null, detail: string): DifyError {
  const said = providerErrorText(detail);
  if (status === 401 || status === 403) return providerNotInitialized();
  if (status === 429) return new DifyError(400, 'provider_quota_exceeded', `The model provider refused ${task} for now (429): ${said}`);
  if (status === 404)
    return new DifyError(400, 'model_currently_not_support', `The model provider has no ${task} model '${model}': ${said}`);
  const what = task === 'speech-to-text' ? 'Speech recognition' : 'Text-to-speech';
  const why = status === null ? said : `the model provider answered ${status}: ${said}`;
  return new DifyError(400, 'completion_request_error', `${what} request failed: ${why}`);
}

/** The error message in an OpenAI-style error body (`{"error": {"message"}}`), else the body's start. */
export function providerMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    const message = typeof parsed.error === 'object' ? parsed.error?.message : (parsed.error ?? parsed.message);
    if (typeof message === 'string' && message) return message;
  } catch {
    // Not JSON: its text says what there is to say.
  }
  return body.slice(0, 300) || 'no detail given';
}
