import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { SdkOutcome } from './dify-sdk';

/** A multipart form as an argument of difySdkBinary: sent by the SDK as a FormData. */
export const sdkForm = (fields: Record<string, string>, file?: { bytes: Buffer; name: string; type: string }) => ({
  $form: { fields, file: file && { base64: file.bytes.toString('base64'), name: file.name, type: file.type } },
});

/**
 * One call of Dify's Node SDK (dify-client 2.x, unmodified) that sends a form or gets bytes back (dify-sdk-binary-call.mjs):
 * a streamed answer's `data` is its bytes as base64, and `headers` has its content-type.
 */
export async function difySdkBinary(
  baseUrl: string,
  key: string,
  method: string,
  ...args: unknown[]
): Promise<SdkOutcome & { headers?: Record<string, string> }> {
  const script = join(__dirname, 'dify-sdk-binary-call.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [script, JSON.stringify({ baseUrl, key, method, args })], {
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}
