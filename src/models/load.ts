/**
 * Checkpoint → model: the one place that maps a `model_type` to its weight layout and class.
 */
import type { Checkpoint } from '../io/checkpoint';
import type { ModelConfig } from '../io/config';
import { LoadError } from '../io/errors';
import { BertModel, bertWeightSpec } from './bert';
import type { WeightSet } from '../engine/weights';
import { bindWeights, type WeightSpec } from './binding';
import { Gpt2Model, gpt2WeightSpec } from './gpt2';
import { LlamaModel, llamaWeightSpec } from './llama';
import { T5Model } from './t5';
import { t5WeightSpec } from './t5Weights';

export type AnyModel = BertModel | Gpt2Model | LlamaModel | T5Model;
export type DecoderOnlyModel = Gpt2Model | LlamaModel;

/** Every tensor an architecture has, under its HF name, with the shape `config` implies. */
export function weightSpecs(config: ModelConfig): WeightSpec[] {
  switch (config.model_type) {
    case 'bert':
      return bertWeightSpec(config);
    case 'gpt2':
      return gpt2WeightSpec(config);
    case 'llama':
      return llamaWeightSpec(config);
    case 't5':
      return t5WeightSpec(config);
  }
}

/** Binds the weights, then builds the model; frees the weights if the model refuses the config. */
function withWeights<T>(weights: WeightSet, make: (weights: WeightSet) => T): T {
  try {
    return make(weights);
  } catch (error) {
    weights.dispose();
    throw error;
  }
}

function build(checkpoint: Checkpoint): AnyModel {
  const file = checkpoint.weights;
  const config: ModelConfig = checkpoint.config;
  switch (config.model_type) {
    case 'bert':
      return withWeights(
        bindWeights(file, bertWeightSpec(config), { basePrefix: 'bert.' }),
        (w) => new BertModel(config, w),
      );
    case 'gpt2':
      return withWeights(
        bindWeights(file, gpt2WeightSpec(config), { basePrefix: 'transformer.' }),
        (w) => new Gpt2Model(config, w),
      );
    case 'llama':
      return withWeights(
        bindWeights(file, llamaWeightSpec(config), { basePrefix: 'model.' }),
        (w) => new LlamaModel(config, w),
      );
    case 't5':
      return withWeights(bindWeights(file, t5WeightSpec(config)), (w) => new T5Model(config, w));
    default:
      throw new LoadError(
        `model_type '${(config as { model_type: string }).model_type}' is not supported`,
        'config.json',
      );
  }
}

/** Uploads a checkpoint's weights and returns its model (which owns them: call `dispose`). */
export function createModel(checkpoint: Checkpoint): AnyModel {
  try {
    return build(checkpoint);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    throw new LoadError((error as Error).message, 'config.json');
  }
}
