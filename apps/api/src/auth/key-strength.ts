/** What a configured key must carry at least: guessing it must stay out of reach even without a rate limit. */
export const MIN_KEY_BITS = 128;

export const HOW_TO_GENERATE_A_KEY =
  "generate one with `openssl rand -hex 32` or `node -e \"console.log(require('crypto').randomBytes(32).toString('base64url'))\"`";

/** Only this much of a key is looked at: a key carrying enough bits has them early, and the scan stays cheap. */
const SCANNED_CHARS = 256;
/** A repeat of earlier text (length 3 and up) costs about what naming where it starts and how long it is takes. */
const MIN_REPEAT = 3;

/**
 * A conservative estimate of a key's entropy in bits. Each new character costs the least of: the alphabet its
 * character classes suggest, the key's own per-character Shannon entropy (few distinct characters: few bits)
 * and that of the steps between neighbouring characters (runs such as `abcdef...`). A stretch that repeats
 * earlier text (`passwordpassword`) costs only its reference, as in LZ77. Random keys lose a few bits to chance
 * repeats; keys made of words or patterns lose most of theirs.
 */
export function estimatedKeyBits(key: string): number {
  const scanned = [...key.slice(0, SCANNED_CHARS)];
  const codes = scanned.map((c) => c.codePointAt(0)!);
  const steps = codes.slice(1).map((code, i) => code - codes[i]);
  const perChar = Math.min(Math.log2(alphabetSize(key)), shannonBits(scanned), steps.length ? shannonBits(steps) : Infinity);
  const text = scanned.join('');
  let bits = 0;
  for (let i = 0; i < scanned.length;) {
    const repeat = repeatLengthAt(text, i);
    if (repeat >= MIN_REPEAT) {
      bits += Math.log2(i) + Math.log2(repeat);
      i += repeat;
    } else {
      bits += perChar;
      i++;
    }
  }
  return bits;
}

/**
 * The Shannon entropy per symbol of a sequence, from its symbol counts. Counting undershoots on short samples
 * (35 random characters cannot show more than log2(35) bits each): the Miller-Madow term corrects for that.
 */
function shannonBits<T>(symbols: T[]): number {
  const counts = new Map<T, number>();
  for (const s of symbols) counts.set(s, (counts.get(s) ?? 0) + 1);
  let bits = (counts.size - 1) / (2 * symbols.length * Math.LN2);
  for (const n of counts.values()) bits -= (n / symbols.length) * Math.log2(n / symbols.length);
  return bits;
}

/** The longest stretch starting at `at` that also starts earlier (it may overlap itself, as `aaaa` does). */
function repeatLengthAt(text: string, at: number): number {
  let length = 0;
  while (at + length < text.length && text.indexOf(text.slice(at, at + length + 1)) < at) length++;
  return length;
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
