/**
 * The models shipped with the app (public/models/index.json): what the model picker offers
 * and what opens first.
 */
import { parseCatalog, type CatalogEntry } from '../io/catalog';
import { parseConfig, type ModelConfig } from '../io/config';

export type { CatalogEntry } from '../io/catalog';
import { useStore } from './store';

/** Layer and head counts as the API reports them (T5: encoder layers, and decoder layers apart). */
export interface ModelShape {
  readonly numLayers: number;
  readonly numHeads: number;
  readonly numDecoderLayers?: number;
}

export function shapeOf(config: ModelConfig): ModelShape {
  switch (config.model_type) {
    case 'bert':
    case 'llama':
      return { numLayers: config.num_hidden_layers, numHeads: config.num_attention_heads };
    case 'gpt2':
      return { numLayers: config.n_layer, numHeads: config.n_head };
    case 't5':
      return {
        numLayers: config.num_layers,
        numHeads: config.num_heads,
        numDecoderLayers: config.num_decoder_layers,
      };
  }
}

/** The entry with its layer and head counts; without them if its config.json cannot be read. */
async function withShape(entry: CatalogEntry): Promise<CatalogEntry> {
  try {
    const response = await fetch(`${shippedModelUrl(entry.id)}config.json`);
    if (!response.ok) return entry;
    return { ...entry, ...shapeOf(parseConfig(await response.text())) };
  } catch {
    return entry;
  }
}

const base = () => import.meta.env.BASE_URL;

export function shippedModelUrl(id: string): string {
  return `${base()}models/${id}/`;
}

/** Reads the catalog into the store; an unreachable catalog leaves it empty, with a message. */
export async function loadCatalog(): Promise<CatalogEntry[]> {
  try {
    const response = await fetch(`${base()}models/index.json`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const models = await Promise.all(parseCatalog(await response.json()).map(withShape));
    useStore.setState({ catalog: models });
    return models;
  } catch (error) {
    useStore.setState({
      catalog: [],
      modelError: `the list of shipped models could not be read (${(error as Error).message})`,
    });
    return [];
  }
}
