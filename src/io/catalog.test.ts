import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog';

describe('parseCatalog', () => {
  it('reads the shipped index.json in its order', () => {
    const json: unknown = JSON.parse(readFileSync('public/models/index.json', 'utf8'));
    expect(parseCatalog(json).map((e) => [e.id, e.architecture])).toEqual([
      ['bert', 'bert'],
      ['gpt2', 'gpt2'],
      ['t5', 't5'],
      ['llama', 'llama'],
    ]);
  });

  it('leaves out entries missing a field, and reads anything else as empty', () => {
    const full = { id: 'a', name: 'A', architecture: 'bert', family: 'f', description: 'd' };
    const noName = { ...full, name: undefined };
    expect(parseCatalog({ models: [full, noName, null, 3] })).toEqual([full]);
    expect(parseCatalog(null)).toEqual([]);
    expect(parseCatalog({ models: 'x' })).toEqual([]);
  });
});
