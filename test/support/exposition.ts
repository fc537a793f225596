const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABELS = `\\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*",?)*\\}`;
// Values as Prometheus's parser (Go's ParseFloat) reads them: Inf and NaN in any case (prom-client writes an empty gauge as Nan).
const SAMPLE = new RegExp(`^(${NAME}(?:${LABELS})?) (-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|[+-]?inf|nan))$`, 'i');
const COMMENT = new RegExp(`^# (?:HELP ${NAME} .*|TYPE ${NAME} (?:counter|gauge|histogram|summary|untyped))$`);

/** Every line must be a comment or a sample (strictly): the samples by name and labels as written. */
export function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || COMMENT.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a line of the text exposition format: ${JSON.stringify(line)}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}
