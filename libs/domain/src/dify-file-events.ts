/**
 * A file an end user of an app uploaded (Dify's UploadFile), one stream each, written at upload: what it is and whose,
 * never its bytes (those live in the blob store under the same id). Write-side only, read by stream like an end user's
 * record, so the prefix is not among the projected ones.
 */
export const FILE_STREAM_PREFIX = 'file-';
export const fileStreamId = (fileId: string) => `${FILE_STREAM_PREFIX}${fileId}`;

export interface FileUploaded {
  type: 'FileUploaded';
  data: {
    fileId: string;
    /** The app (agent) it was uploaded to, its owner, and the end user who uploaded it. */
    agentId: string;
    ownerId: string;
    endUserId: string;
    name: string;
    /** Lower case, without the dot; '' when the name has none. */
    extension: string;
    mimeType: string;
    size: number;
    /** Hex SHA-256 of the bytes: what the blob store holds can be checked against the log. */
    sha256: string;
  };
}

/** The file's bytes were removed from the blob store: the thread whose message attached it was deleted. */
export interface FileRemoved {
  type: 'FileRemoved';
  data: { fileId: string; threadId: string };
}

export type DifyFileEvent = FileUploaded | FileRemoved;
