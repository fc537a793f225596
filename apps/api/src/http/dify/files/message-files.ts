import { deterministicId } from '@forkline/domain';
import { DifyError } from '../../dify-error';
import { DifyAppContext } from '../dify-app-context';
import { ChatFileInput } from './chat-file.dto';
import { DifyFiles } from './dify-files';
import { previewUrl } from './file-urls';

/** A file as a user message records it (metadata.dify.files): what GET /v1/messages lists as `message_files`. */
export interface DifyMessageFile {
  id: string;
  type: string;
  transfer_method: 'local_file' | 'remote_url';
  upload_file_id: string | null;
  url: string | null;
  filename: string;
  mime_type: string | null;
  size: number | null;
}

/**
 * The files a chat message attaches, checked before anything is written: an upload must be one of this end user's
 * for this app and still there, else Dify's 400 "Invalid upload file" (someone else's is reported the same way).
 */
export async function attachFiles(
  files: DifyFiles,
  app: DifyAppContext,
  endUser: string,
  requested: ChatFileInput[],
  messageId: string,
): Promise<DifyMessageFile[]> {
  const attached: DifyMessageFile[] = [];
  for (const [index, input] of requested.entries()) {
    const id = deterministicId(`message-file:${messageId}:${index}`);
    if (input.transfer_method === 'remote_url') {
      const url = input.url!;
      const last = new URL(url).pathname.split('/').pop() ?? '';
      const filename = safeDecode(last) || url;
      attached.push({
        id,
        type: input.type,
        transfer_method: 'remote_url',
        upload_file_id: null,
        url,
        filename,
        mime_type: null,
        size: null,
      });
      continue;
    }
    const file = await files.find(app, endUser, input.upload_file_id!).catch((error: unknown) => {
      if (error instanceof DifyError && error.getStatus() === 404) {
        throw new DifyError(400, 'invalid_param', `files.${index}.upload_file_id: Invalid upload file`);
      }
      throw error;
    });
    attached.push({
      id,
      type: input.type,
      transfer_method: 'local_file',
      upload_file_id: file.fileId,
      url: null,
      filename: file.name,
      mime_type: file.mimeType,
      size: file.size,
    });
  }
  return attached;
}

const safeDecode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The seed's MessageFileItem of each recorded file; an upload's url is its preview address on this server. */
export function messageFileItems(recorded: DifyMessageFile[] | undefined, base: string, user: string | undefined) {
  return (recorded ?? []).map((file) => ({
    ...file,
    url: file.upload_file_id ? previewUrl(base, file.upload_file_id, user) : file.url,
    belongs_to: 'user',
  }));
}
