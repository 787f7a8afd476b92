/**
 * The catalog of shipped models, `public/models/index.json`: `{models: [{id, name,
 * architecture, family, description}]}`. One reader for the app (fetched), the evaluation, the
 * tests and the benchmarks (read from disk); entries missing a field are left out.
 */

export interface CatalogEntry {
  readonly id: string;
  readonly name: string;
  /** HF model_type */
  readonly architecture: string;
  /** encoder-only, decoder-only or encoder-decoder */
  readonly family: string;
  readonly description: string;
  /** From the model's config.json, read with the catalog (the app only). */
  readonly numLayers?: number;
  readonly numHeads?: number;
  readonly numDecoderLayers?: number;
}

const FIELDS = ['id', 'name', 'architecture', 'family', 'description'] as const;

function isEntry(value: unknown): value is CatalogEntry {
  const v = value as Record<string, unknown>;
  return (
    typeof value === 'object' && value !== null && FIELDS.every((k) => typeof v[k] === 'string')
  );
}

/** The entries of a parsed index.json, in its order. */
export function parseCatalog(json: unknown): CatalogEntry[] {
  const models = (json as { models?: unknown } | null)?.models;
  return Array.isArray(models) ? models.filter(isEntry) : [];
}
