/**
 * One golden case checked end to end: its inputs go through an executor (the engine in Node,
 * or the app in a browser), and every output present in `expected.json` is compared. Nothing
 * here knows the shipped cases: shapes, depths and keys all come from the case's own files.
 */
import type { ForwardRequest, GenerateRequest } from '../../src/models/dispatch';
import type { DenseArray, ForwardOutput } from '../../src/models/types';
import {
  compareTensor,
  compareTokens,
  everyPosition,
  maskFilter,
  type Check,
  type CheckGroup,
  type ExpectedTensor,
  type PositionFilter,
} from './compare';

type Rows = number[][];

export interface GoldenInputs {
  readonly forward: Readonly<Record<string, Rows>>;
  readonly generate?: {
    readonly input_ids: Rows;
    readonly attention_mask?: Rows;
    readonly max_new_tokens: number;
    readonly pad_token_id?: number | null;
    readonly eos_token_id?: number | number[] | null;
    readonly decoder_start_token_id?: number;
  };
}

export type GoldenExpected = Readonly<Record<string, unknown>>;

export interface GoldenExecutor {
  forward(inputs: ForwardRequest): Promise<ForwardOutput>;
  generate(request: GenerateRequest): Promise<{ sequences: number[][] }>;
}

export interface CaseReport {
  readonly name: string;
  readonly checks: readonly Check[];
  readonly pass: boolean;
  /** Largest error per group, over the checks of that group. */
  readonly maxError: Partial<Record<CheckGroup, number>>;
}

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Forward inputs in the engine's naming (`input_ids` → `inputIds`, …). */
export function forwardRequest(inputs: GoldenInputs): ForwardRequest {
  const request = Object.fromEntries(Object.entries(inputs.forward).map(([k, v]) => [camel(k), v]));
  if (!Array.isArray(request.inputIds))
    throw new Error('inputs.json: forward.input_ids is missing');
  return request as unknown as ForwardRequest;
}

export function generateRequest(inputs: GoldenInputs): GenerateRequest | undefined {
  const g = inputs.generate;
  if (!g) return undefined;
  return {
    inputIds: g.input_ids,
    ...(g.attention_mask && { attentionMask: g.attention_mask }),
    maxNewTokens: g.max_new_tokens,
    ...(g.eos_token_id !== undefined && { eosTokenId: g.eos_token_id }),
    ...(g.pad_token_id !== undefined && { padTokenId: g.pad_token_id }),
    ...(g.decoder_start_token_id !== undefined && {
      decoderStartTokenId: g.decoder_start_token_id,
    }),
  };
}

/** How each key of expected.json maps onto our output; `stack` picks the mask that applies. */
const TENSOR_KEYS: Record<
  string,
  {
    group: 'logits' | 'hidden' | 'attention';
    pick: (o: ForwardOutput) => readonly (DenseArray | undefined)[] | DenseArray | undefined;
    padded: 'source' | 'none';
  }
> = {
  logits: { group: 'logits', pick: (o) => o.logits, padded: 'source' },
  // A single-stack model fills one of the two: BERT `encoder`, GPT-2 and LLaMA `decoder`.
  hidden_states: {
    group: 'hidden',
    pick: (o) => o.hiddenStates.encoder ?? o.hiddenStates.decoder ?? [],
    padded: 'source',
  },
  last_hidden_state: {
    group: 'hidden',
    pick: (o) => (o.hiddenStates.encoder ?? o.hiddenStates.decoder)?.at(-1),
    padded: 'source',
  },
  attentions: {
    group: 'attention',
    pick: (o) => o.attentions.self?.layers.map((l) => l.probs) ?? [],
    padded: 'source',
  },
  encoder_hidden_states: {
    group: 'hidden',
    pick: (o) => o.hiddenStates.encoder ?? [],
    padded: 'source',
  },
  encoder_last_hidden_state: {
    group: 'hidden',
    pick: (o) => o.hiddenStates.encoder?.at(-1),
    padded: 'source',
  },
  decoder_hidden_states: {
    group: 'hidden',
    pick: (o) => o.hiddenStates.decoder ?? [],
    padded: 'none',
  },
  decoder_last_hidden_state: {
    group: 'hidden',
    pick: (o) => o.hiddenStates.decoder?.at(-1),
    padded: 'none',
  },
  encoder_attentions: {
    group: 'attention',
    pick: (o) => o.attentions.encoder?.layers.map((l) => l.probs) ?? [],
    padded: 'source',
  },
  decoder_attentions: {
    group: 'attention',
    pick: (o) => o.attentions.decoder?.layers.map((l) => l.probs) ?? [],
    padded: 'none',
  },
  cross_attentions: {
    group: 'attention',
    pick: (o) => o.attentions.cross?.layers.map((l) => l.probs) ?? [],
    padded: 'none',
  },
};

function isTensor(value: unknown): value is ExpectedTensor {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value;
}

export function compareForward(
  expected: GoldenExpected,
  inputs: GoldenInputs,
  output: ForwardOutput,
): Check[] {
  const isSeq2Seq = 'decoder_input_ids' in inputs.forward;
  const sourceMask = inputs.forward.attention_mask;
  const sourceFilter: PositionFilter = sourceMask ? maskFilter(sourceMask) : everyPosition;
  const checks: Check[] = [];
  for (const [key, spec] of Object.entries(TENSOR_KEYS)) {
    const value = expected[key];
    if (value === undefined) continue;
    // T5's logits are decoder positions, which have no padding.
    const filter =
      spec.padded === 'none' || (key === 'logits' && isSeq2Seq) ? everyPosition : sourceFilter;
    const axis = spec.group === 'attention' ? 2 : 1;
    const actual = spec.pick(output);
    if (isTensor(value)) {
      checks.push(
        compareTensor(
          key,
          spec.group,
          Array.isArray(actual) ? undefined : (actual as DenseArray | undefined),
          value,
          axis,
          filter,
        ),
      );
    } else if (Array.isArray(value)) {
      const list = Array.isArray(actual) ? actual : [];
      if (list.length !== value.length) {
        checks.push({
          name: key,
          group: spec.group,
          maxError: Infinity,
          pass: false,
          detail: `${list.length} entries, expected ${value.length}`,
        });
        continue;
      }
      value.forEach((entry, i) => {
        checks.push(
          compareTensor(`${key}[${i}]`, spec.group, list[i], entry as ExpectedTensor, axis, filter),
        );
      });
    }
  }
  return checks;
}

export async function checkCase(
  name: string,
  inputs: GoldenInputs,
  expected: GoldenExpected,
  executor: GoldenExecutor,
): Promise<CaseReport> {
  const checks = compareForward(expected, inputs, await executor.forward(forwardRequest(inputs)));
  const request = generateRequest(inputs);
  const expectedGenerate = expected.generate as { sequences?: Rows } | undefined;
  if (request && expectedGenerate?.sequences) {
    const result = await executor.generate(request);
    checks.push(compareTokens('generate.sequences', result.sequences, expectedGenerate.sequences));
  }
  const maxError: Partial<Record<CheckGroup, number>> = {};
  for (const check of checks)
    maxError[check.group] = Math.max(maxError[check.group] ?? 0, check.maxError);
  return { name, checks, pass: checks.length > 0 && checks.every((c) => c.pass), maxError };
}

export function formatReport(report: CaseReport, nameWidth = 12): string {
  const groups: CheckGroup[] = ['logits', 'hidden', 'attention', 'tokens'];
  const cells = groups.map((group) => {
    const value = report.maxError[group];
    const shown =
      value === undefined
        ? '—'
        : group === 'tokens'
          ? value === 0
            ? 'exact'
            : `${value} differ`
          : value.toExponential(1);
    return `${group} ${shown.padEnd(8)}`;
  });
  const failures = report.checks
    .filter((c) => !c.pass)
    .map((c) => `${c.name}${c.detail ? ` (${c.detail})` : ''}`);
  const verdict = report.pass
    ? 'pass'
    : `FAIL: ${failures.slice(0, 3).join('; ')}${failures.length > 3 ? ` …+${failures.length - 3}` : ''}`;
  return `${report.name.padEnd(nameWidth)} ${cells.join(' ')} ${verdict}`;
}
