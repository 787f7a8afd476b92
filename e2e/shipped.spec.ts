/**
 * The shipped models open in the app through its one loader, on the default (automatic)
 * backend and on webgl, and run on text through their own tokenizers.
 */
import { expect, test } from '@playwright/test';
import { readCatalog } from '../scripts/catalog';
import { AppPage } from './fixtures/app';

const catalog = { models: readCatalog() };
const KINDS: Record<string, string[]> = {
  bert: ['self'],
  gpt2: ['self'],
  llama: ['self'],
  t5: ['encoder', 'decoder', 'cross'],
};

test('opens the first shipped model by default', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await app.ready();
  expect((await app.state()).model?.architecture).toBe(catalog.models[0]!.architecture);
  await expect(page.getByTestId('model-select')).toHaveValue(catalog.models[0]!.id);
  expect(app.consoleErrors).toEqual([]);
});

for (const backend of ['auto', 'webgl'] as const) {
  test(`every shipped model loads and runs on text (${backend})`, async ({ page }) => {
    const app = new AppPage(page);
    await app.open(backend === 'auto' ? {} : { backend });
    await app.ready();
    for (const entry of catalog.models) {
      await page.getByTestId('model-select').selectOption(entry.id);
      await app.ready();
      await expect(page.getByTestId('model-architecture')).toHaveText(entry.architecture);
      await expect(page).toHaveURL(new RegExp(`model=${entry.id}`));
      // the family's sample text, through the model's own tokenizer, in every attention kind
      const strip =
        entry.architecture === 'bert' || entry.architecture === 't5' ? 'encoder' : 'decoder';
      expect(await page.getByTestId(`tokens-${strip}`).locator('li').count()).toBeGreaterThan(3);
      for (const kind of KINDS[entry.architecture]!)
        await expect(page.getByTestId(`mask-${kind}`)).toBeVisible();
      await expect(page.getByTestId('heatmap')).toBeVisible();
    }
    expect(app.consoleErrors).toEqual([]);
  });
}
