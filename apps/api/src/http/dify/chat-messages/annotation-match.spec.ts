import { Annotation } from '@forkline/domain';
import { lexicalSimilarity, matchAnnotation } from './annotation-match';

const note = (id: string, question: string): Annotation => ({ id, question, answer: `answer ${id}`, hitCount: 0, createdAt: '' });

describe('annotation matching (lexical)', () => {
  it('scores word-count cosine: same words in any case, order and punctuation 1, nothing shared 0, partial between', () => {
    expect(lexicalSimilarity('What is Forkline?', 'forkline is WHAT')).toBeCloseTo(1);
    expect(lexicalSimilarity('What is Forkline?', 'Tell me a joke')).toBe(0);
    expect(lexicalSimilarity('', 'anything')).toBe(0);
    const partial = lexicalSimilarity('what is forkline', 'what is dify');
    expect(partial).toBeCloseTo(2 / 3);
  });

  it('picks the best annotation at or above the threshold, or none', () => {
    const notes = [note('a', 'What is Dify?'), note('b', 'What is Forkline?')];
    expect(matchAnnotation('what is forkline', notes, 0.9)?.annotation.id).toBe('b');
    expect(matchAnnotation('what is forkline exactly', notes, 0.9)).toBeNull();
    expect(matchAnnotation('what is forkline exactly', notes, 0.8)?.annotation.id).toBe('b');
    expect(matchAnnotation('what is forkline', notes, 0)?.annotation.id).toBe('b');
    expect(matchAnnotation('hello', notes, 0)).toBeNull();
  });
});
