/**
 * The training loop every recipe shares: a fresh model from HF-style initial weights (or the
 * last checkpoint) through the app's own loader, the engine's own forward code under
 * `tf.variableGrads`, AdamW with warm-up and cosine decay, a progress line, validation loss,
 * and checkpoints that a later run resumes from.
 */
import * as tf from '@tensorflow/tfjs-core';
import './gradients';
import { loadCheckpointFromFiles } from '../../src/io/checkpoint';
import { parseConfig } from '../../src/io/config';
import type { WeightSpec } from '../../src/models/binding';
import { exportWeights } from '../../src/models/binding';
import { logitsTensorAny, type ForwardRequest } from '../../src/models/dispatch';
import { createModel, weightSpecs, type AnyModel } from '../../src/models/load';
import type { TextTokenizer } from '../../src/tokenizers/tokenizer';
import { AdamW, ADAM_DEFAULTS } from './adam';
import { checkpointDir, loadCheckpoint, saveCheckpoint, type LoopState } from './checkpoint';
import { initialWeights, learningRateScale } from './init';
import { crossEntropy, IGNORE } from './loss';
import { Progress } from './progress';
import { Rng } from './rng';

export interface Batch {
  readonly inputs: ForwardRequest;
  /** Targets for every logit position, row-major (B·T), IGNORE where none. */
  readonly labels: number[];
  /** Real (non-padding) input tokens, for tokens/s. */
  readonly tokens: number;
}

export interface BatchSource {
  next(rng: Rng): Batch;
}

export interface Recipe {
  readonly id: string;
  /** config.json keys (HF names) for this tokenizer; model_type decides the architecture. */
  config(tokenizer: TextTokenizer): Record<string, unknown>;
  readonly steps: number;
  /** What one batch is, for the model card (e.g. "16 windows of 64 tokens"). */
  readonly batch: string;
  readonly learningRate: number;
  readonly warmupSteps: number;
  readonly seed: number;
  readonly checkpointEvery: number;
  readonly validateEvery: number;
  /** Batches of the training or validation split. */
  source(tokenizer: TextTokenizer, split: 'train' | 'validation'): BatchSource;
  /** Optional weights the model is trained with (BERT's MLM head). */
  readonly includeWeight?: (spec: WeightSpec) => boolean;
}

export interface TrainOptions {
  /** Stop after this many steps (default: the recipe's); a smoke test runs a few. */
  readonly steps?: number;
  /** Ignore an existing checkpoint. */
  readonly fresh?: boolean;
  readonly checkpointRoot?: string;
  readonly quiet?: boolean;
}

export interface TrainResult {
  readonly model: AnyModel;
  readonly state: LoopState;
  readonly specs: readonly WeightSpec[];
}

/** Linear warm-up to the peak, then cosine decay to a tenth of it. */
export function learningRate(recipe: Recipe, step: number, total: number): number {
  if (step <= recipe.warmupSteps) return (recipe.learningRate * step) / recipe.warmupSteps;
  const progress = (step - recipe.warmupSteps) / Math.max(1, total - recipe.warmupSteps);
  return recipe.learningRate * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress))));
}

/** Norm weights, biases and embedding tables are not decayed. */
const noDecay = (name: string) =>
  /(bias|norm\.weight|LayerNorm\.weight|ln_\w+\.weight|embed|wte|wpe|shared|relative_attention_bias)/.test(
    name,
  );

/**
 * The loss of a batch, with the LM head run only where there is a label: MLM scores 15 % of
 * positions, so this saves most of the vocabulary projection.
 */
function batchLoss(model: AnyModel, batch: Batch): tf.Scalar {
  const positions = batch.labels.flatMap((label, i) => (label === IGNORE ? [] : [i]));
  if (positions.length === batch.labels.length)
    return crossEntropy(logitsTensorAny(model, batch.inputs), batch.labels);
  return crossEntropy(
    logitsTensorAny(model, batch.inputs, positions),
    positions.map((i) => batch.labels[i]!),
  );
}

async function validationLoss(model: AnyModel, batches: readonly Batch[]): Promise<number> {
  let total = 0;
  for (const batch of batches) {
    const loss = tf.tidy(() => batchLoss(model, batch));
    total += (await loss.data())[0]!;
    loss.dispose();
  }
  return total / batches.length;
}

export async function train(
  recipe: Recipe,
  tokenizer: TextTokenizer,
  options: TrainOptions = {},
): Promise<TrainResult> {
  const total = options.steps ?? recipe.steps;
  const dir = checkpointDir(recipe.id, options.checkpointRoot);
  const rawConfig = recipe.config(tokenizer);
  const config = parseConfig(rawConfig);
  const specs = weightSpecs(config);
  const saved = options.fresh ? undefined : loadCheckpoint(dir);
  const weights =
    saved?.weights ?? initialWeights(config, specs, new Rng(recipe.seed), recipe.includeWeight);
  const files = new Map([
    ['config.json', new TextEncoder().encode(JSON.stringify(rawConfig))],
    ['model.safetensors', weights],
  ]);
  const model = createModel(await loadCheckpointFromFiles(files, recipe.id));
  const variables = model.weights.makeTrainable();
  const keyOf = new Map([...variables].map(([key, variable]) => [variable.name, key]));
  const adam = new AdamW(variables, ADAM_DEFAULTS, noDecay, (key) =>
    learningRateScale(config, key),
  );
  if (saved) adam.restore(saved.state.step, (name) => saved.optimizer.read(name));

  const rng = new Rng(saved?.state.rngState ?? recipe.seed + 1);
  const source = recipe.source(tokenizer, 'train');
  const validationRng = new Rng(recipe.seed + 2);
  const validation = recipe.source(tokenizer, 'validation');
  const validationBatches = Array.from({ length: 8 }, () => validation.next(validationRng));
  const progress = options.quiet ? undefined : new Progress();

  let state: LoopState = saved?.state ?? {
    recipe: recipe.id,
    step: 0,
    rngState: rng.seed,
    trainSeconds: 0,
    tokens: 0,
    history: [],
  };
  if (saved) progress?.note(`resuming ${recipe.id} from step ${state.step}`);
  let meanLoss = NaN;
  const history = [...state.history];
  if (history.length === 0) {
    // Where the run starts from: the loss of the initial weights.
    const initial = await validationLoss(model, validationBatches);
    history.push({ step: 0, loss: initial, validation: initial });
  }
  const checkpoint = async () => {
    state = { ...state, rngState: rng.seed, history };
    saveCheckpoint(dir, state, await exportWeights(model.weights, specs), await adam.state());
  };

  for (let step = state.step + 1; step <= total; step++) {
    const started = performance.now();
    const batch = source.next(rng);
    const lr = learningRate(recipe, step, recipe.steps);
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(logitsTensorAny(model, batch.inputs), batch.labels),
      [...variables.values()],
    );
    const byKey: Record<string, tf.Tensor> = {};
    for (const [name, grad] of Object.entries(grads)) byKey[keyOf.get(name)!] = grad;
    adam.apply(byKey, lr);
    const loss = (await value.data())[0]!;
    tf.dispose([value, ...Object.values(grads)]);
    if (!Number.isFinite(loss)) throw new Error(`${recipe.id}: loss is ${loss} at step ${step}`);

    const seconds = (performance.now() - started) / 1000;
    meanLoss = Number.isNaN(meanLoss) ? loss : 0.98 * meanLoss + 0.02 * loss;
    state = {
      ...state,
      step,
      trainSeconds: state.trainSeconds + seconds,
      tokens: state.tokens + batch.tokens,
    };
    const rate = state.tokens / state.trainSeconds;
    progress?.update({
      step,
      total,
      loss,
      meanLoss,
      lr,
      tokensPerSecond: rate,
      secondsLeft: (state.trainSeconds / step) * (total - step),
    });

    const validate = step % recipe.validateEvery === 0 || step === total;
    if (validate) {
      const validationValue = await validationLoss(model, validationBatches);
      history.push({ step, loss: meanLoss, validation: validationValue });
      progress?.note(
        `step ${step}: train ${meanLoss.toFixed(3)}, validation ${validationValue.toFixed(3)}, ${tf.memory().numTensors} tensors`,
      );
    }
    if (step % recipe.checkpointEvery === 0 || step === total) await checkpoint();
  }
  progress?.done();
  adam.dispose();
  return { model, state: { ...state, history }, specs };
}
