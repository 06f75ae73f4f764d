import { safePattern } from '../src/io/safe-pattern';

describe('a pattern on RE2 remembers its matches', () => {
  it('answers as JavaScript does for texts seen again, past the memo size, and for long texts', () => {
    const source = '^[a-z]{2,5}-\\d+$';
    const pattern = safePattern(source);
    const js = new RegExp(source);
    const texts = Array.from({ length: 1500 }, (_, i) => [`ab-${i}`, `ab-${i}x`, `abcdefg-${i}`]).flat();
    texts.push(`abc-${'1'.repeat(400)}`, `abc-${'1'.repeat(400)}x`);
    for (const round of [1, 2]) for (const text of texts) expect([round, text, pattern.test(text)]).toEqual([round, text, js.test(text)]);
    expect(pattern.engine).toBe('linear');
  });
});
