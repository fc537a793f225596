import { DifyTestApp } from './dify-app';

/** Some bytes sent as audio (the fake provider does not decode them). */
export const WAV = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt fake audio bytes', 'latin1');
export const NOT_INITIALIZED =
  'No valid model provider credentials found. Please go to Settings -> Model Provider to complete your provider credentials.';

/** POST /v1/audio-to-text as a browser sends it: fetch with a FormData. */
export async function upload(
  d: DifyTestApp,
  key: string,
  parts: Array<[string, string | Blob, string?]>,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [name, value, fileName] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, fileName);
  }
  const response = await fetch(`${d.t.baseUrl}/v1/audio-to-text`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  });
  return { status: response.status, body: await response.json() };
}
