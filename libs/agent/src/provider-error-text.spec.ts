import { providerErrorText } from './provider-error-text';

describe('providerErrorText', () => {
  it.each([
    [
      new Error('500 upstream https://gw.corp.example:8443/v1/chat?key=abc refused\n\nTroubleshooting URL: https://js.langchain.com/x/'),
      '500 upstream <url> refused Troubleshooting URL: <url>',
    ],
    [new Error('connect ECONNREFUSED 10.20.30.40:11434'), 'connect ECONNREFUSED <host>'],
    [new Error('connect ECONNREFUSED ::1:11434 and [fd00::2]:80'), 'connect ECONNREFUSED <host> and <host>'],
    [new Error('getaddrinfo ENOTFOUND ollama.internal.corp'), 'getaddrinfo ENOTFOUND <host>'],
    [new Error('request to localhost:3000 and ollama:11434 failed'), 'request to <host> and <host> failed'],
  ])('hides hosts and URLs: %s', (error, shown) => {
    expect(providerErrorText(error)).toBe(shown);
  });

  it('keeps what users can act on: status, model name, the provider message', () => {
    expect(providerErrorText(new Error('404 The model gpt-3.5-turbo does not exist'))).toBe('404 The model gpt-3.5-turbo does not exist');
    const typed = Object.assign(new Error('Rate limit reached'), { name: 'RateLimitError' });
    expect(providerErrorText(typed)).toBe('RateLimitError: Rate limit reached');
  });

  it('caps the length', () => {
    expect(providerErrorText(new Error('x'.repeat(2000)))).toHaveLength(500);
  });
});
