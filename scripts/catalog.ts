/** The app's catalog read from disk, for the evaluation, the tests and the benchmarks. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCatalog, type CatalogEntry } from '../src/io/catalog';

const SHIPPED = join(import.meta.dirname, '..', 'public', 'models');

export function readCatalog(dir: string = SHIPPED): CatalogEntry[] {
  return parseCatalog(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')));
}
