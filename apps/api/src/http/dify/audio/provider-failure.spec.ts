import { providerFailure, providerMessage } from './provider-failure';

describe('providerFailure', () => {
  it("maps the provider's status to the seed's codes, all 400", () => {
    const code = (status: number | null) => providerFailure('speech-to-text', 'whisper-1', status, 'why').code;
    expect([401, 403, 429, 404, 400, 500, null].map(code)).toEqual([
      'provider_not_initialize',
      'provider_not_initialize',
      'provider_quota_exceeded',
      'model_currently_not_support',
      'completion_request_error',
      'completion_request_error',
      'completion_request_error',
    ]);
    expect(providerFailure('text-to-speech', 'tts-1', 503, 'down').getStatus()).toBe(400);
  });

  it("keeps the provider's words without its addresses", () => {
    const failure = providerFailure('text-to-speech', 'tts-1', 502, 'gateway http://10.1.2.3:8000/v1 said no');
    expect(failure.message).toBe('Text-to-speech request failed: the model provider answered 502: gateway <url> said no');
  });

  it('reads an OpenAI-style error body, else its text', () => {
    expect(providerMessage('{"error":{"message":"Invalid file format."}}')).toBe('Invalid file format.');
    expect(providerMessage('{"error":"plain"}')).toBe('plain');
    expect(providerMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>');
    expect(providerMessage('')).toBe('no detail given');
  });
});
