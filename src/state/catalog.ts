/**
 * The models shipped with the app (public/models/index.json): what the model picker offers
 * and what opens first.
 */
import { useStore } from './store';

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  /** HF model_type */
  readonly architecture: string;
  /** encoder-only, decoder-only or encoder-decoder */
  readonly family: string;
  readonly description: string;
}

const base = () => import.meta.env.BASE_URL;

export function shippedModelUrl(id: string): string {
  return `${base()}models/${id}/`;
}

function isEntry(value: unknown): value is CatalogEntry {
  const v = value as Record<string, unknown>;
  return (
    typeof value === 'object' &&
    value !== null &&
    ['id', 'name', 'architecture', 'family', 'description'].every((k) => typeof v[k] === 'string')
  );
}

/** Reads the catalog into the store; an unreachable catalog leaves it empty, with a message. */
export async function loadCatalog(): Promise<CatalogEntry[]> {
  try {
    const response = await fetch(`${base()}models/index.json`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const json = (await response.json()) as { models?: unknown };
    const models = Array.isArray(json.models) ? json.models.filter(isEntry) : [];
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
