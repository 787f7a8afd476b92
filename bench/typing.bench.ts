/**
 * Time from the last keystroke to the updated heatmap, per shipped model, in Chromium on the
 * webgl backend and on wasm (what the app picks where WebGL is software): 20 keystrokes each (a letter added, then removed, in turn), timed in the page
 * from the keydown to the first change of the heatmap's DOM. It includes the input debounce
 * (150 ms), the tokenizer, the forward pass, the readback and React's render.
 */
import { test } from '@playwright/test';
import { readCatalog } from '../scripts/catalog';
import { AppPage } from '../e2e/fixtures/app';

const catalog = { models: readCatalog() };
const TRIALS = 20;
const results: string[] = [];

for (const backend of ['webgl', 'wasm'] as const)
  for (const { id } of catalog.models) {
    test(`keystroke to heatmap: ${id} (${backend})`, async ({ page }) => {
      const app = new AppPage(page);
      await app.open({ backend, model: id });
      await app.ready();
      const box = page.getByTestId('input-text');
      await box.click();
      await page.keyboard.press('End');
      const times: number[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const key = trial % 2 === 0 ? 's' : 'Backspace';
        const waited = page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              let start = 0;
              window.addEventListener('keydown', () => (start = performance.now()), {
                once: true,
                capture: true,
              });
              const frame = document.querySelector('[data-testid="heatmap-frame"]')!;
              const observer = new MutationObserver(() => {
                if (start === 0) return;
                observer.disconnect();
                resolve(performance.now() - start);
              });
              observer.observe(frame, {
                subtree: true,
                childList: true,
                attributes: true,
                characterData: true,
              });
            }),
        );
        await page.waitForTimeout(50); // the listener is in place
        await page.keyboard.press(key);
        times.push(await waited);
        await app.ready();
      }
      times.sort((a, b) => a - b);
      const median = (times[9]! + times[10]!) / 2;
      results.push(
        `${id.padEnd(6)} median ${median.toFixed(0)} ms  min ${times[0]!.toFixed(0)}  max ${times.at(-1)!.toFixed(0)}  (${TRIALS} keystrokes, ${backend})`,
      );
    });
  }

/** A full context (T5, 512 encoder tokens): input to painted views, then each view switch. */
for (const backend of ['webgl', 'wasm'] as const)
  test(`full context: t5 (${backend})`, async ({ page }) => {
    const app = new AppPage(page);
    await app.open({ backend, model: 't5' });
    await app.ready();
    const painted = () =>
      page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
    const text = Array.from({ length: 300 }, (_, i) => `word${i} and`).join(' ');
    let start = Date.now();
    await app.setInput({ text, target: '2026-12' });
    await painted();
    const parts = [`input ${Date.now() - start} ms`];
    for (const view of ['model', 'heads', 'heatmap']) {
      start = Date.now();
      await page.getByTestId(`view-${view}`).click();
      await painted();
      parts.push(`${view} view ${Date.now() - start} ms`);
    }
    results.push(`t5 512 tokens  ${parts.join('  ')}  (${backend})`);
  });

test.afterAll(() =>
  console.log(`\nkeystroke → updated heatmap; full context\n${results.join('\n')}`),
);
