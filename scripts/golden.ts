/**
 * npm run golden -- <dir> [--backend cpu|wasm]
 *
 * Checks every golden case folder in <dir> against the engine, prints one line per case and a
 * summary `N passed, N failed`; exits 1 on any failure.
 */
import { basename } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { isBackendName, useBackend } from '../src/engine/backends';
import { listCaseDirs, readCase } from './golden/cases';
import { formatReport } from './golden/check';
import { runCaseOnEngine } from './golden/engine';

async function main(argv: string[]): Promise<number> {
  const backendFlag = argv.indexOf('--backend');
  const backend = backendFlag >= 0 ? argv[backendFlag + 1] : 'wasm';
  const dirs = argv.filter((arg, i) => !arg.startsWith('--') && argv[i - 1] !== '--backend');
  if (dirs.length !== 1 || !isBackendName(backend) || backend === 'webgl') {
    console.error(
      'usage: npm run golden -- <dir> [--backend cpu|wasm]   (webgl: see the e2e golden spec)',
    );
    return 2;
  }
  tf.env().set('PROD', true); // no tfjs-node advice, no debug checks
  if (!(await useBackend(backend))) {
    console.error(`the ${backend} backend did not start`);
    return 2;
  }
  const caseDirs = listCaseDirs(dirs[0]!);
  if (caseDirs.length === 0) {
    console.error(
      `no case folders (with config.json, model.safetensors, inputs.json, expected.json) in ${dirs[0]}`,
    );
    return 1;
  }
  const width = Math.max(...caseDirs.map((d) => basename(d).length)) + 2;
  console.log(
    `golden check on tfjs ${backend}: logits/hidden |a−e| ≤ 1e-4 + 1e-4·|e|, attention ≤ 1e-5, tokens exact`,
  );
  let passed = 0;
  let failed = 0;
  const started = performance.now();
  for (const dir of caseDirs) {
    const goldenCase = readCase(dir);
    try {
      const report = await runCaseOnEngine(goldenCase);
      console.log(formatReport(report, width));
      if (report.pass) passed++;
      else failed++;
    } catch (error) {
      console.log(`${goldenCase.name.padEnd(width)} FAIL: ${(error as Error).message}`);
      failed++;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`${passed} passed, ${failed} failed (${seconds} s)`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
