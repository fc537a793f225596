import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';

export interface SdkOutcome {
  status?: number;
  data?: any;
  error?: { status: number; data: any };
}

/** One call of Dify's Node SDK (dify-client 2.x, unmodified) against `baseUrl` (ending in /v1), in its own node process. */
export async function difySdk(baseUrl: string, key: string, method: string, ...args: unknown[]): Promise<SdkOutcome> {
  const script = join(__dirname, 'dify-sdk-call.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [script, JSON.stringify({ baseUrl, key, method, args })], {
    timeout: 20_000,
  });
  return JSON.parse(stdout) as SdkOutcome;
}

export interface SdkStreamOutcome {
  status?: number;
  contentType?: string;
  /** The stream's body as the SDK handed it over, whole. */
  raw?: string;
  error?: { status: number; data: any };
}

/** The SDK's createChatMessage in streaming mode (args as the SDK takes them, stream forced on), read to its end. */
export async function difySdkStream(baseUrl: string, key: string, args: unknown[]): Promise<SdkStreamOutcome> {
  const script = join(__dirname, 'dify-sdk-stream.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [script, JSON.stringify({ baseUrl, key, args })], {
    timeout: 20_000,
  });
  return JSON.parse(stdout) as SdkStreamOutcome;
}
