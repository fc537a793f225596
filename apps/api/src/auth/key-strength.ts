/** What a configured key must carry at least: guessing it must stay out of reach even without a rate limit. */
export const MIN_KEY_BITS = 128;

export const HOW_TO_GENERATE_A_KEY =
  "generate one with `openssl rand -hex 32` or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`";

/**
 * An estimate of a key's entropy in bits, as if each character were drawn at random from the alphabet its
 * character classes suggest: hex (16), base64url (64), else the sum of the classes it uses (lower and upper
 * letters 26 each, digits 10, anything else 33). Generous to keys made of words, strict enough for short ones.
 */
export function estimatedKeyBits(key: string): number {
  return key.length * Math.log2(alphabetSize(key));
}

function alphabetSize(key: string): number {
  if ((/^[0-9a-f]+$/.test(key) || /^[0-9A-F]+$/.test(key)) && /[a-fA-F]/.test(key)) return 16;
  if (/^[A-Za-z0-9_-]+$/.test(key) && /[a-z]/.test(key) && /[A-Z]/.test(key)) return 64;
  let size = 0;
  if (/[a-z]/.test(key)) size += 26;
  if (/[A-Z]/.test(key)) size += 26;
  if (/[0-9]/.test(key)) size += 10;
  if (/[^A-Za-z0-9]/.test(key)) size += 33;
  return Math.max(size, 2);
}
