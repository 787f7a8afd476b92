/** What each family shows first: each input shows its attention at its best. */
import type { Architecture } from '../models/types';
import type { InputText } from './prepare';

export const SAMPLES: Record<Architecture, InputText> = {
  bert: { text: 'The cat sat on the [MASK] .', textB: '' },
  gpt2: { text: 'The jury said that the election was' },
  llama: { text: 'The jury said that the election was' },
  t5: { text: 'date: December 4, 2026', target: '2026-12-04' },
};
