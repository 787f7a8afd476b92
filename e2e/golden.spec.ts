/**
 * Golden parity in the browser: every case of test/fixtures/golden loaded through the app
 * (fetch → loader → model) on webgl and on wasm, checked with the README's tolerances.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { listCaseDirs, readCase } from '../scripts/golden/cases';
import { checkCase, formatReport } from '../scripts/golden/check';
import { AppPage } from './fixtures/app';

const cases = listCaseDirs(join(import.meta.dirname, '..', 'test', 'fixtures', 'golden')).map(
  readCase,
);

for (const backend of ['webgl', 'wasm'] as const) {
  test(`golden cases match Hugging Face on ${backend}`, async ({ page }) => {
    const app = new AppPage(page);
    await app.serveGolden();
    await app.open({ backend });
    await app.ready();
    expect((await app.state()).backend?.name).toBe(backend);
    const lines: string[] = [];
    for (const goldenCase of cases) {
      await app.loadModel(`/fixtures/golden/${goldenCase.name}/`);
      const before = await app.memory();
      const report = await checkCase(goldenCase.name, goldenCase.inputs, goldenCase.expected, {
        forward: (request) => app.forward(request),
        generate: (request) => app.generate(request),
      });
      lines.push(formatReport(report));
      expect(
        report.checks.filter((c) => !c.pass),
        formatReport(report),
      ).toEqual([]);
      expect((await app.memory()).numTensors).toBe(before.numTensors);
    }
    console.log(`${backend}:\n${lines.join('\n')}`);
    expect(lines).toHaveLength(cases.length);
    expect(app.consoleErrors).toEqual([]);
  });
}
