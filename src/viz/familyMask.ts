/**
 * The chapter's first picture: the attention mask of each family, schematically, over a few
 * tokens (rows are queries, columns keys). Encoder-decoder puts the source first, then the
 * target: the source attends to the source both ways, the target to the whole source (cross)
 * and causally to itself, and the source never to the target.
 */
export type FamilyId = 'encoder' | 'decoder' | 'encoder-decoder';

/** Which attention lets a query see a key; null where the mask forbids it. */
export type MaskBlock = 'self' | 'cross' | null;

export function familyMask(family: FamilyId, tokens: number): MaskBlock[][] {
  const grid = (size: number, cell: (row: number, col: number) => MaskBlock) =>
    Array.from({ length: size }, (_, row) =>
      Array.from({ length: size }, (_, col) => cell(row, col)),
    );
  switch (family) {
    case 'encoder':
      return grid(tokens, () => 'self');
    case 'decoder':
      return grid(tokens, (row, col) => (col <= row ? 'self' : null));
    case 'encoder-decoder':
      return grid(2 * tokens, (row, col) => {
        const sourceQuery = row < tokens;
        const sourceKey = col < tokens;
        if (sourceQuery) return sourceKey ? 'self' : null;
        if (sourceKey) return 'cross';
        return col <= row ? 'self' : null;
      });
  }
}
