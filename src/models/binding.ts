/**
 * From a safetensors file to a model's weights: every tensor the architecture needs is found
 * under its Hugging Face name, checked against the shape the config implies, and uploaded;
 * tied weights stored once are aliased. Errors name the key and both shapes.
 */
import { WeightSet } from '../engine/weights';
import { LoadError } from '../io/errors';
import type { SafetensorsFile } from '../io/safetensors';

export interface WeightSpec {
  /** The name in the task class's state_dict (BertForMaskedLM, GPT2LMHeadModel, …). */
  readonly key: string;
  readonly shape: readonly number[];
  /**
   * Tied to this tensor: it is the same parameter, as HF's `tie_weights` makes it. A copy the
   * file may also hold is ignored (HF warns and ties anyway).
   */
  readonly tiedTo?: string;
  /** May be absent: the model runs without it (BERT's pooler). */
  readonly optional?: boolean;
  /**
   * An nn.Linear weight, [out, in] in the file: uploaded transposed, as [in, out], so every
   * dense layer multiplies by a plain kernel (GPT-2's Conv1D weights are stored that way).
   */
  readonly linear?: boolean;
}

export interface BindingRules {
  /**
   * The base model's prefix in the task class (`bert.`, `transformer.`, `model.`). Hub files
   * saved from the base class (`gpt2`'s own `model.safetensors`) lack it.
   */
  readonly basePrefix?: string;
}

/** `lm_head.weight` [V, C]: the embedding table itself when tied, else an nn.Linear of its own. */
export function lmHeadSpec(tied: boolean, vocab: number, width: number, table: string): WeightSpec {
  return tied
    ? { key: 'lm_head.weight', shape: [vocab, width], tiedTo: table }
    : { key: 'lm_head.weight', shape: [vocab, width], linear: true };
}

const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** The names a key may be stored under, in order of preference. */
function storedNames(key: string, rules: BindingRules): string[] {
  const names = [key];
  const prefix = rules.basePrefix;
  if (prefix !== undefined && key.startsWith(prefix)) names.push(key.slice(prefix.length));
  // TF-era BERT checkpoints call LayerNorm parameters gamma/beta; HF renames them on load.
  for (const name of [...names]) {
    if (name.endsWith('LayerNorm.weight')) names.push(name.replace(/weight$/, 'gamma'));
    if (name.endsWith('LayerNorm.bias')) names.push(name.replace(/bias$/, 'beta'));
  }
  return names;
}

export function bindWeights(
  file: SafetensorsFile,
  specs: readonly WeightSpec[],
  rules: BindingRules = {},
): WeightSet {
  const weights = new WeightSet();
  const missing: WeightSpec[] = [];
  const tied: WeightSpec[] = [];
  try {
    for (const spec of specs) {
      if (spec.tiedTo !== undefined) {
        tied.push(spec);
        continue;
      }
      const stored = storedNames(spec.key, rules).find((name) => file.tensors.has(name));
      if (stored === undefined) {
        if (!spec.optional) missing.push(spec);
        continue;
      }
      const found = file.tensors.get(stored)!.shape;
      const matches =
        found.length === spec.shape.length && found.every((size, i) => size === spec.shape[i]);
      if (!matches) {
        throw new LoadError(
          `tensor '${stored}' has shape ${formatShape(found)}, but config.json implies ` +
            `${formatShape(spec.shape)}`,
          file.fileName,
        );
      }
      weights.add(spec.key, file.read(stored), spec.shape, spec.linear === true);
    }
    if (missing.length > 0) {
      const listed = missing
        .slice(0, 3)
        .map((s) => `'${s.key}' ${formatShape(s.shape)}`)
        .join(', ');
      const more = missing.length > 3 ? ` and ${missing.length - 3} more` : '';
      throw new LoadError(
        `missing tensor${missing.length > 1 ? 's' : ''} ${listed}${more} ` +
          `(is this checkpoint the architecture its config.json names?)`,
        file.fileName,
      );
    }
    for (const spec of tied) {
      if (!weights.has(spec.tiedTo!)) {
        throw new LoadError(
          `missing tensor '${spec.key}', and '${spec.tiedTo}' it is tied to is missing too`,
          file.fileName,
        );
      }
      weights.alias(spec.key, spec.tiedTo!);
    }
  } catch (error) {
    weights.dispose();
    throw error;
  }
  return weights;
}

/**
 * The inverse of `bindWeights`: the weights as Hugging Face stores them, for `save_pretrained`
 * -style export. Tied tensors are written once (under the name HF keeps), nn.Linear kernels
 * go back to [out, in], optional tensors the model lacks are skipped.
 */
export async function exportWeights(
  weights: WeightSet,
  specs: readonly WeightSpec[],
): Promise<{ name: string; shape: number[]; data: Float32Array }[]> {
  const out: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (const spec of specs) {
    if (spec.tiedTo !== undefined || !weights.has(spec.key)) continue;
    const data = (await weights.get(spec.key).data()) as Float32Array;
    if (!spec.linear) {
      out.push({ name: spec.key, shape: [...spec.shape], data: Float32Array.from(data) });
      continue;
    }
    const [rows, cols] = spec.shape as [number, number]; // HF [out, in]; stored [in, out]
    const back = new Float32Array(data.length);
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) back[r * cols + c] = data[c * rows + r]!;
    out.push({ name: spec.key, shape: [rows, cols], data: back });
  }
  return out;
}
