/**
 * The paths of the Dify web-app API (seeds/dify-web-api.txt) under /api, which it shares with the chat-playground face
 * (`{"detail"}` errors): its errors, unknown sub-paths included, answer in Dify's envelope. Decided by path and method,
 * not by the matched route, so errors raised before routing (an unreadable body) take the right shape too. The
 * playground's /api/workflows/* and /api/chat/playground/* stay its own, but for Dify's two POSTs under /api/workflows.
 */
const WEB_PREFIXES = [
  'passport',
  'chat-messages',
  'conversations',
  'messages',
  'parameters',
  'meta',
  'site',
  'files',
  'audio-to-text',
  'text-to-audio',
  'system-features',
  'webapp',
  'login',
  'logout',
  'email-code-login',
  'forgot-password',
  'saved-messages',
  'completion-messages',
  'workflow',
  'form',
  'remote-files',
  'enterprise',
];
const WEB_PATH = new RegExp(`^/api/(${WEB_PREFIXES.join('|')})(/|$)`);
/** The task id may be empty (`tasks//stop`): no playground route takes that path either. */
const WEB_WORKFLOW_POSTS = /^\/api\/workflows\/(run|tasks\/[^/]*\/stop)\/?$/;

export function isDifyWebRequest(method: string, path: string): boolean {
  return WEB_PATH.test(path) || (method === 'POST' && WEB_WORKFLOW_POSTS.test(path));
}
