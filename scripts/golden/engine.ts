/**
 * The golden executor for Node: loads a case's checkpoint through the app's own loader and
 * runs it on the active tfjs backend.
 */
import { loadCheckpointFromFiles } from '../../src/io/checkpoint';
import { forwardAny, generateAny } from '../../src/models/dispatch';
import { createModel } from '../../src/models/load';
import type { GoldenCase } from './cases';
import { checkCase, type CaseReport } from './check';

export async function runCaseOnEngine(goldenCase: GoldenCase): Promise<CaseReport> {
  const model = createModel(await loadCheckpointFromFiles(goldenCase.checkpoint, goldenCase.dir));
  try {
    return await checkCase(goldenCase.name, goldenCase.inputs, goldenCase.expected, {
      forward: (request) => forwardAny(model, request),
      generate: (request) => generateAny(model, request),
    });
  } finally {
    model.dispose();
  }
}
