/**
 * A provider's error as users may read it (a run's failure, its error logs). Provider and LangChain
 * messages name endpoints, gateways and internal addresses: those are the operator's business (the
 * server log keeps the full text), so each is replaced by `<url>` or `<host>`.
 */
const MAX_LENGTH = 500;

const HIDDEN: Array<[RegExp, string]> = [
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>)\]]+/gi, '<url>'],
  // IPv6 addresses (bracketed or bare, at least two colons), with an optional port.
  [/\[[0-9a-f:.%]+\](?::\d+)?/gi, '<host>'],
  [/(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?::\d+)?(?![\w:])/gi, '<host>'],
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, '<host>'],
  // Host names: dotted names ending in letters (api.openai.com, gw.corp.internal), localhost, any name:port.
  [/\b(?:[a-z0-9-]+\.)+[a-z][a-z0-9-]*[a-z0-9](?::\d+)?\b/gi, '<host>'],
  [/\blocalhost(?::\d+)?\b/gi, '<host>'],
  [/\b[a-z0-9-]+:\d{2,5}\b/gi, '<host>'],
];

export function providerErrorText(error: unknown): string {
  const raw = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const text = HIDDEN.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), raw)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}
