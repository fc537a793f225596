import type { Request } from 'express';

/** Where the request's client reaches this server (behind a trusted proxy, as it forwarded the request). */
export const publicBase = (req: Request) => `${req.protocol}://${req.get('host')}`;

/** A file's preview address on the Dify face, for its end user (`user`, as the client names them). */
export function previewUrl(base: string, fileId: string, user: string | undefined): string {
  return `${base}/v1/files/${fileId}/preview${user ? `?user=${encodeURIComponent(user)}` : ''}`;
}
