/**
 * npm run eval:models [-- --json] [--only bert,gpt2]
 *
 * Loads every model of the app's catalog (public/models/index.json) through the app's loader
 * and reports each bar of issue #3 with its threshold and verdict; exits 1 when any model
 * misses one.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/engine/backends';
import { evaluateShipped, MAX_TOTAL_BYTES } from './eval/evaluate';
import { formatReport, metric } from './eval/metric';
import { readCatalog } from './catalog';
import { MODELS_DIR } from './train/export';

/** The shipped models are the app's catalog: what it lists is what must pass. */
function catalogIds(): string[] {
  return readCatalog(MODELS_DIR).map((m) => m.id);
}

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const only = argv.includes('--only')
    ? argv[argv.indexOf('--only') + 1]!.split(',')
    : catalogIds();
  tf.env().set('PROD', true);
  if (!(await useBackend('wasm'))) throw new Error('the wasm backend did not start');
  const reports = [];
  let failed = 0;
  let total = 0;
  for (const id of only) {
    if (!existsSync(join(MODELS_DIR, id, 'config.json'))) {
      const missing = {
        id,
        architecture: '?',
        parameters: 0,
        bytes: 0,
        folderBytes: 0,
        metrics: [
          metric(
            'model present',
            0,
            { threshold: 1, direction: '≥' as const },
            `${MODELS_DIR}/${id} is missing`,
          ),
        ],
      };
      reports.push(missing);
      failed++;
      if (!json) console.log(formatReport(missing));
      continue;
    }
    const report = await evaluateShipped(MODELS_DIR, id);
    total += report.folderBytes;
    reports.push(report);
    if (report.metrics.some((m) => !m.pass)) failed++;
    if (!json) console.log(formatReport(report));
  }
  const totalOk = total <= MAX_TOTAL_BYTES;
  if (!totalOk) failed++;
  if (json)
    console.log(
      JSON.stringify(
        { models: reports, totalBytes: total, totalLimit: MAX_TOTAL_BYTES, pass: failed === 0 },
        null,
        2,
      ),
    );
  else {
    console.log(
      `all shipped models: ${(total / 1e6).toFixed(2)} MB (≤ ${MAX_TOTAL_BYTES / 1e6} MB) ${totalOk ? 'pass' : 'FAIL'}`,
    );
    console.log(
      `${reports.length - (failed - (totalOk ? 0 : 1))} models passed every bar, ${failed - (totalOk ? 0 : 1)} failed`,
    );
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
