/**
 * T5's weights under their Hugging Face names (T5ForConditionalGeneration), with the shapes
 * the config implies: `num_heads × d_kv` need not equal `d_model`, the two stacks may differ
 * in depth, and only block 0 of each stack holds a relative-attention bias table.
 */
import type { T5Config } from '../io/config';
import { lmHeadSpec, type WeightSpec } from './binding';

export function t5WeightSpec(c: T5Config): WeightSpec[] {
  const D = c.d_model;
  const linear = true;
  const inner = c.num_heads * c.d_kv;
  const specs: WeightSpec[] = [{ key: 'shared.weight', shape: [c.vocab_size, D] }];
  const attention = (p: string, withBias: boolean) => {
    for (const name of ['q', 'k', 'v'])
      specs.push({ key: `${p}${name}.weight`, shape: [inner, D], linear });
    specs.push({ key: `${p}o.weight`, shape: [D, inner], linear });
    if (withBias) {
      specs.push({
        key: `${p}relative_attention_bias.weight`,
        shape: [c.relative_attention_num_buckets, c.num_heads],
      });
    }
  };
  const feedForward = (p: string) => {
    const wi = c.is_gated_act ? ['wi_0', 'wi_1'] : ['wi'];
    for (const name of wi)
      specs.push({ key: `${p}DenseReluDense.${name}.weight`, shape: [c.d_ff, D], linear });
    specs.push({ key: `${p}DenseReluDense.wo.weight`, shape: [D, c.d_ff], linear });
    specs.push({ key: `${p}layer_norm.weight`, shape: [D] });
  };
  for (const stack of ['encoder', 'decoder'] as const) {
    specs.push({
      key: `${stack}.embed_tokens.weight`,
      shape: [c.vocab_size, D],
      tiedTo: 'shared.weight',
    });
    const layers = stack === 'encoder' ? c.num_layers : c.num_decoder_layers;
    for (let l = 0; l < layers; l++) {
      const p = `${stack}.block.${l}.layer.`;
      attention(`${p}0.SelfAttention.`, l === 0);
      specs.push({ key: `${p}0.layer_norm.weight`, shape: [D] });
      if (stack === 'decoder') {
        attention(`${p}1.EncDecAttention.`, false);
        specs.push({ key: `${p}1.layer_norm.weight`, shape: [D] });
      }
      feedForward(`${p}${stack === 'decoder' ? 2 : 1}.`);
    }
    specs.push({ key: `${stack}.final_layer_norm.weight`, shape: [D] });
  }
  specs.push(lmHeadSpec(c.tie_word_embeddings, c.vocab_size, D, 'shared.weight'));
  return specs;
}
