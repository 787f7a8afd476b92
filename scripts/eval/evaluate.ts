/**
 * Every bar of one shipped model, by architecture.
 */
import type { BertModel } from '../../src/models/bert';
import type { DecoderOnlyModel } from '../../src/models/load';
import type { T5Model } from '../../src/models/t5';
import { evaluateCausal } from './causal';
import { metric, type Metric, type ModelReport } from './metric';
import { evaluateMlm } from './mlm';
import { evaluateSeq2Seq } from './seq2seq';
import { loadShipped } from './shipped';

export const MAX_MODEL_BYTES = 3_000_000;
export const MAX_TOTAL_BYTES = 10_000_000;

export async function evaluateShipped(
  root: string,
  id: string,
): Promise<ModelReport & { folderBytes: number }> {
  const shipped = await loadShipped(root, id);
  const { model, tokenizer } = shipped;
  try {
    let metrics: Metric[];
    switch (model.architecture) {
      case 'bert':
        metrics = await evaluateMlm(model as BertModel, tokenizer);
        break;
      case 't5':
        metrics = await evaluateSeq2Seq(model as T5Model, tokenizer);
        break;
      default: {
        const causal = model as DecoderOnlyModel;
        const eos = causal.config.eos_token_id;
        const separator = typeof eos === 'number' ? eos : eos?.[0];
        if (separator === undefined || separator === null)
          throw new Error(`${id}: config.json has no eos_token_id`);
        const bos = causal.config.bos_token_id;
        const documentStart =
          model.architecture === 'llama' && typeof bos === 'number' ? bos : undefined;
        metrics = await evaluateCausal(causal, tokenizer, {
          separator,
          ...(documentStart !== undefined && { documentStart }),
          length: 64,
          windows: 400,
        });
      }
    }
    metrics.unshift(
      metric(
        'size on disk (MB)',
        shipped.folderBytes / 1e6,
        { threshold: MAX_MODEL_BYTES / 1e6, direction: '≤' },
        'every file of the folder',
      ),
    );
    return {
      id,
      architecture: model.architecture,
      parameters: model.numParameters,
      bytes: shipped.bytes,
      folderBytes: shipped.folderBytes,
      metrics,
    };
  } finally {
    model.dispose();
  }
}
