import { useStore } from '../state/store';
import { familyMask, type FamilyId } from '../viz/familyMask';

interface Family {
  readonly id: FamilyId;
  readonly name: string;
  readonly architectures: readonly string[];
  readonly attends: string;
  readonly use: string;
  readonly examples: string;
}

const FAMILIES: readonly Family[] = [
  {
    id: 'encoder',
    name: 'Encoder-only',
    architectures: ['bert'],
    attends: 'Every token attends to every token (bidirectional mask).',
    use: 'Understanding: classification, tagging, retrieval embeddings, filling a [MASK].',
    examples: 'BERT, RoBERTa, DeBERTa',
  },
  {
    id: 'decoder',
    name: 'Decoder-only',
    architectures: ['gpt2', 'llama'],
    attends: 'Each token attends to itself and the tokens before it (causal mask).',
    use: 'Generation: continuing text one token at a time; with instruction tuning, almost anything.',
    examples: 'GPT-2, LLaMA, Mistral',
  },
  {
    id: 'encoder-decoder',
    name: 'Encoder-decoder',
    architectures: ['t5'],
    attends:
      'The encoder reads the source bidirectionally; the decoder attends causally to its own output and, through cross-attention, to every source token.',
    use: 'Sequence-to-sequence: translation, summarisation, reformatting (a date, a tag per word).',
    examples: 'T5, BART, the original Transformer',
  },
];

const CHOOSING: readonly [string, string][] = [
  ['Classify or tag a text', 'encoder'],
  ['Generate open-ended text', 'decoder'],
  ['Translate or summarise', 'encoder-decoder'],
  ['Today’s default for most tasks', 'decoder with instruction tuning'],
];

/** The three families side by side, the one shown highlighted, and which to choose for what. */
export function ArchitectureGuide() {
  const architecture = useStore((s) => s.model?.architecture);
  return (
    <section className="panel" aria-labelledby="guide-heading" data-testid="architecture-guide">
      <h2 id="guide-heading">Encoder, decoder, encoder-decoder</h2>
      <div className="families">
        {FAMILIES.map((f) => {
          const current = architecture !== undefined && f.architectures.includes(architecture);
          return (
            <article
              key={f.id}
              className={`family${current ? ' current' : ''}`}
              data-testid={`family-${f.id}`}
              aria-current={current ? 'true' : undefined}
            >
              <h3>
                {f.name}
                {current && <span className="badge">this model</span>}
              </h3>
              <FamilyMask family={f.id} />
              <p>{f.attends}</p>
              <p>
                <strong>Used for</strong> {f.use}
              </p>
              <p className="hint">{f.examples}</p>
            </article>
          );
        })}
      </div>
      <h3>Choosing</h3>
      <ul className="choosing">
        {CHOOSING.map(([task, family]) => (
          <li key={task}>
            {task} → <strong>{family}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Side of the schematic masks (px) and the tokens they show. */
const MASK_PX = 84;
const MASK_TOKENS = 5;

function FamilyMask({ family }: { family: FamilyId }) {
  const mask = familyMask(family, family === 'encoder-decoder' ? 3 : MASK_TOKENS);
  const cell = MASK_PX / mask.length;
  const label =
    family === 'encoder-decoder'
      ? 'Mask: the source (first half) sees the source; the target sees all the source (cross, orange) and itself causally'
      : family === 'encoder'
        ? 'Mask: every cell open, all ones'
        : 'Mask: lower-triangular';
  return (
    <svg
      className="family-mask"
      width={MASK_PX}
      height={MASK_PX}
      role="img"
      aria-label={label}
      data-testid={`family-mask-${family}`}
    >
      {mask.flatMap((row, i) =>
        row.map((block, j) => (
          <rect
            key={`${i}-${j}`}
            x={j * cell}
            y={i * cell}
            width={cell - 1}
            height={cell - 1}
            className={
              block === null ? 'mask-closed' : block === 'cross' ? 'mask-cross' : 'mask-open'
            }
          />
        )),
      )}
    </svg>
  );
}
