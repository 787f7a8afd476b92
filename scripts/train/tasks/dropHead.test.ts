import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../../src/tokenizers/tokenizer';
import { Rng } from '../rng';
import { dropHeadMask } from './dropHead';
import { t5Source } from './t5';

const options = { probability: 0.25, layers: 2, heads: 4 };

describe('DropHead masks', () => {
  it('silence about p of the heads, scale the kept ones by heads / kept, and keep one per layer', () => {
    const rng = new Rng(7);
    let dropped = 0;
    let total = 0;
    for (let draw = 0; draw < 2000; draw++) {
      const mask = dropHeadMask(rng, options);
      expect(mask.length).toBe(2);
      for (const row of mask) {
        expect(row.length).toBe(4);
        const kept = row.filter((m) => m !== 0);
        expect(kept.length).toBeGreaterThan(0);
        for (const m of kept) expect(m).toBe(4 / kept.length);
        dropped += 4 - kept.length;
        total += 4;
      }
    }
    // 0.25, less the rare all-dropped layers that keep one head (0.25⁴ / 4 ≈ 0.001)
    expect(dropped / total).toBeGreaterThan(0.23);
    expect(dropped / total).toBeLessThan(0.26);
  });

  it('go into T5 training batches only, never validation ones', () => {
    const tokenizer = loadTokenizer(
      JSON.parse(readFileSync('public/models/t5/tokenizer.json', 'utf8')),
    );
    const tasks = {
      batchSize: 4,
      mixture: { span: 1, pos: 1, date: 1 },
      spanLength: 40,
      posWords: 20,
      crossDropHead: options,
    };
    const train = t5Source(tokenizer, 'train', tasks).next(new Rng(1));
    const validation = t5Source(tokenizer, 'validation', tasks).next(new Rng(1));
    expect(train.inputs.crossAttentionHeadMask?.length).toBe(2);
    expect(validation.inputs.crossAttentionHeadMask).toBeUndefined();
    // without the option the batch is the same examples with no mask
    const plain = t5Source(tokenizer, 'train', { ...tasks, crossDropHead: undefined }).next(
      new Rng(1),
    );
    expect(plain.inputs.inputIds).toEqual(train.inputs.inputIds);
    expect(plain.inputs.crossAttentionHeadMask).toBeUndefined();
  });
});
