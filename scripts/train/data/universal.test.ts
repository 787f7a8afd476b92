import { describe, expect, it } from 'vitest';
import { loadBrown } from './brown';
import { UNIVERSAL_TAGS, baseTag, universalTag } from './universal';

describe('universalTag', () => {
  it.each([
    ['at', 'DET'],
    ['nn-tl', 'NOUN'],
    ['nns$-tl-hl', 'NOUN'],
    ['np$', 'NOUN'],
    ['nr', 'NOUN'],
    ['pp$', 'PRON'],
    ['pp$$', 'PRON'],
    ['wp$', 'PRON'],
    ['ppss+ber', 'PRON'],
    ['ppl', 'PRON'],
    ['pn', 'PRON'],
    ['vbd', 'VERB'],
    ['bedz*', 'VERB'],
    ['md*', 'VERB'],
    ['hvz', 'VERB'],
    ['doz*', 'VERB'],
    ['jjt', 'ADJ'],
    ['rbr', 'ADV'],
    ['ql', 'ADV'],
    ['wrb', 'ADV'],
    ['*', 'ADV'],
    ['abn', 'DET'],
    ['ap', 'DET'],
    ['dti', 'DET'],
    ['wdt', 'DET'],
    ['ex', 'DET'],
    ['in', 'ADP'],
    ['in-tl', 'ADP'],
    ['cd', 'NUM'],
    ['od', 'NUM'],
    ['cc', 'CONJ'],
    ['cs', 'CONJ'],
    ['rp', 'PRT'],
    ['to', 'PRT'],
    ['uh', 'X'],
    ['fw-nn', 'X'],
    ['fw-in+at-tl', 'X'],
    ['nil', 'X'],
    ['.', 'PUNCT'],
    [',', 'PUNCT'],
    ['``', 'PUNCT'],
    ["''", 'PUNCT'],
    ["'", 'PUNCT'],
    ['--', 'PUNCT'],
    ['(-hl', 'PUNCT'],
    [':', 'PUNCT'],
    ['zz', 'X'],
    ['', 'X'],
  ])('%s → %s', (tag, universal) => {
    expect(universalTag(tag)).toBe(universal);
  });

  it('is case-insensitive and strips every decoration', () => {
    expect(universalTag('NP-TL')).toBe('NOUN');
    expect(baseTag('nn$-tl-hl')).toBe('nn');
    expect(baseTag('ppss+ber-n')).toBe('ppss');
    expect(baseTag('---hl')).toBe('--');
    expect(baseTag('*-hl')).toBe('*');
    expect(baseTag('fw-at')).toBeNull();
  });

  it('maps every tag of the corpus; only foreign words, interjections and nil are X', () => {
    const tags = new Set<string>();
    const brown = loadBrown();
    for (const doc of [...brown.train, ...brown.validation])
      for (const sentence of doc.sentences) for (const tag of sentence.tags) tags.add(tag);
    expect(tags.size).toBeGreaterThan(450);
    const unexplained = [...tags].filter(
      (tag) => universalTag(tag) === 'X' && !/^(fw-|nil|uh)/.test(tag),
    );
    expect(unexplained).toEqual([]);
    const used = new Set([...tags].map(universalTag));
    expect([...used].sort()).toEqual([...UNIVERSAL_TAGS].sort());
  });
});
