/**
 * The screenshots the README shows: each view of the visualizer on the model that shows it
 * best, at a projector's 1280 × 720 and a phone's 390 px width.
 */
import { test } from '@playwright/test';
import { AppPage } from '../e2e/fixtures/app';

const WIDTHS = [
  { name: 'desktop', width: 1280, height: 720 },
  { name: 'phone', width: 390, height: 844 },
] as const;

const VIEWS = [
  {
    view: 'input',
    model: 'bert',
    panel: 'input-panel',
    input: { text: 'The [MASK] sat on the mat .', textB: 'It was happy .' },
    hover: { strip: 'tokens-encoder', index: 2 },
  },
  {
    view: 'workspace',
    model: 'gpt2',
    panel: 'workspace',
    input: { text: 'The jury said that the election was' },
    select: { layer: 0, head: 3 },
  },
  {
    view: 'masks',
    model: 't5',
    panel: 'mask-panel',
    input: { text: 'date: 4 July 1976', target: '1976-07' },
  },
  {
    view: 'heatmap',
    model: 'gpt2',
    panel: 'attention-panel',
    input: { text: 'The jury said that the election was' },
    select: { layer: 0, head: 3 },
  },
  {
    view: 'cross',
    model: 't5',
    panel: 'attention-panel',
    input: { text: 'date: 4 July 1976', target: '1976-07-04' },
    select: { kind: 'cross', layer: 1, head: 0 },
  },
  {
    view: 'head-view',
    model: 'bert',
    panel: 'head-view',
    show: 'heads',
    input: { text: 'the man said that he was here' },
  },
  {
    view: 'model-view',
    model: 't5',
    panel: 'model-view',
    show: 'model',
    input: { text: 'date: 4 July 1976', target: '1976-07-04' },
  },
  { view: 'guide', model: 'gpt2', panel: 'architecture-guide', input: { text: 'The jury said' } },
] as const;

for (const size of WIDTHS) {
  test(`screenshots at ${size.name} width`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    const app = new AppPage(page);
    for (const shot of VIEWS) {
      await app.open({ backend: 'webgl', model: shot.model });
      await app.ready();
      await app.setInput(shot.input);
      if ('select' in shot) await app.select(shot.select);
      if ('show' in shot) await app.setView(shot.show);
      if ('hover' in shot)
        await page.getByTestId(shot.hover.strip).locator('li').nth(shot.hover.index).hover();
      await page.waitForTimeout(200);
      await page
        .getByTestId(shot.panel)
        .screenshot({ path: `docs/screenshots/${shot.view}-${size.name}.png` });
    }
  });
}
