/**
 * Running any model from loosely typed requests (the golden checks, the app's test hook, the
 * embed API): the request's fields are checked against what the architecture needs.
 */
import type { Tensor3D } from '@tensorflow/tfjs-core';
import type { CausalLM } from './causal';
import {
  generateCausal,
  generateSeq2Seq,
  type GenerationOptions,
  type GenerationResult,
} from './generate';
import { InputError, type Rows } from './inputs';
import type { AnyModel } from './load';
import type { ForwardOptions, ForwardOutput } from './types';

export interface ForwardRequest {
  readonly inputIds: Rows;
  readonly attentionMask?: Rows;
  readonly tokenTypeIds?: Rows;
  readonly positionIds?: Rows;
  readonly decoderInputIds?: Rows;
  readonly crossAttentionHeadMask?: Rows;
}

export interface GenerateRequest extends Omit<GenerationOptions, 'signal' | 'onStep'> {
  readonly inputIds: Rows;
  readonly attentionMask?: Rows;
  readonly decoderStartTokenId?: number;
  /** T5: HF's `cross_attn_head_mask`, applied at every step. */
  readonly crossAttentionHeadMask?: Rows;
}

const FIELDS: Record<AnyModel['architecture'], readonly (keyof ForwardRequest)[]> = {
  bert: ['inputIds', 'attentionMask', 'tokenTypeIds'],
  gpt2: ['inputIds', 'attentionMask', 'positionIds'],
  llama: ['inputIds', 'attentionMask', 'positionIds'],
  t5: ['inputIds', 'attentionMask', 'decoderInputIds', 'crossAttentionHeadMask'],
};

/** HF's argument name for a request field. */
const snake = (key: string) =>
  key === 'crossAttentionHeadMask'
    ? 'cross_attn_head_mask'
    : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function checkFields(model: AnyModel, request: ForwardRequest): void {
  const allowed = FIELDS[model.architecture];
  for (const key of Object.keys(request) as (keyof ForwardRequest)[]) {
    if (request[key] !== undefined && !allowed.includes(key)) {
      throw new InputError(
        `${model.architecture} takes no ${snake(key)} (it takes ${allowed.map(snake).join(', ')})`,
      );
    }
  }
  if (!Array.isArray(request.inputIds)) throw new InputError('input_ids is required');
}

function requireDecoderIds(request: ForwardRequest): Rows {
  if (!Array.isArray(request.decoderInputIds)) throw new InputError('t5 needs decoder_input_ids');
  return request.decoderInputIds;
}

export async function forwardAny(
  model: AnyModel,
  request: ForwardRequest,
  options: ForwardOptions = {},
): Promise<ForwardOutput> {
  checkFields(model, request);
  switch (model.architecture) {
    case 'bert':
      return model.forward(request, options);
    case 'gpt2':
    case 'llama':
      return model.forward(request, options);
    case 't5':
      return model.forward({ ...request, decoderInputIds: requireDecoderIds(request) }, options);
  }
}

/**
 * Logits as a tensor, for training: call inside `tf.tidy` or a gradient function. (B, T, V),
 * or (1, M, V) at `positions` (flat b·T + t; T5: decoder positions).
 */
export function logitsTensorAny(
  model: AnyModel,
  request: ForwardRequest,
  positions?: readonly number[],
): Tensor3D {
  checkFields(model, request);
  switch (model.architecture) {
    case 'bert':
      return model.logitsTensor(request, positions);
    case 'gpt2':
    case 'llama':
      return model.logitsTensor(request, positions);
    case 't5':
      return model.logitsTensor(
        { ...request, decoderInputIds: requireDecoderIds(request) },
        positions,
      );
  }
}

export async function generateAny(
  model: AnyModel,
  request: GenerateRequest,
  options: Pick<GenerationOptions, 'signal' | 'onStep'> = {},
): Promise<GenerationResult> {
  const { inputIds, attentionMask, crossAttentionHeadMask, ...rest } = request;
  const prompt = attentionMask ? { inputIds, attentionMask } : { inputIds };
  if (crossAttentionHeadMask !== undefined && model.architecture !== 't5')
    throw new InputError(
      `${model.architecture} has no cross-attention, so it takes no cross_attn_head_mask`,
    );
  switch (model.architecture) {
    case 'bert':
      throw new InputError(
        'bert is an encoder: it fills in masked tokens but does not generate text',
      );
    case 'gpt2':
    case 'llama':
      return generateCausal(model as CausalLM, prompt, { ...rest, ...options });
    case 't5':
      return generateSeq2Seq(
        model,
        crossAttentionHeadMask ? { ...prompt, crossAttentionHeadMask } : prompt,
        { ...rest, ...options },
      );
  }
}
