import { Annotation } from '@forkline/domain';

/** Lowercased words (letters and digits of any script), as counts. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of text
    .toLowerCase()
    .normalize('NFKC')
    .match(/[\p{L}\p{N}]+/gu) ?? [])
    counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/**
 * The cosine similarity (0..1) of two texts' word-count vectors. Dify compares embeddings; no embedding provider is
 * reachable here, so annotation reply matches lexically: the same words in any order score 1, no shared word 0.
 */
export function lexicalSimilarity(a: string, b: string): number {
  const x = wordCounts(a);
  const y = wordCounts(b);
  let dot = 0;
  for (const [word, n] of x) dot += n * (y.get(word) ?? 0);
  if (dot === 0) return 0;
  const norm = (v: Map<string, number>) => Math.sqrt([...v.values()].reduce((sum, n) => sum + n * n, 0));
  return dot / (norm(x) * norm(y));
}

/** The annotation whose question is most like the query, if it scores at least `threshold` (the earliest wins a tie). */
export function matchAnnotation(
  query: string,
  annotations: Iterable<Annotation>,
  threshold: number,
): { annotation: Annotation; score: number } | null {
  let best: { annotation: Annotation; score: number } | null = null;
  for (const annotation of annotations) {
    const score = lexicalSimilarity(query, annotation.question);
    if (score >= threshold && score > (best?.score ?? 0)) best = { annotation, score };
  }
  return best;
}
