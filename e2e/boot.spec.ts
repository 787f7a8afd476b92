import { expect, test } from '@playwright/test';
import { AppPage } from './fixtures/app';

test.describe('app shell', () => {
  test('boots on the webgl backend and runs a model from the UI', async ({ page }) => {
    const app = new AppPage(page);
    await app.serveGolden();
    await app.open({ backend: 'webgl', model: '/fixtures/golden/gpt2/' });
    await app.ready();

    await expect(page.getByTestId('backend-name')).toHaveText('webgl');
    await expect(page.getByTestId('backend-reason')).toContainText(
      'chosen by you (?backend=webgl)',
    );
    await expect(page.getByTestId('backend-detail')).toContainText('WebGL 2');
    await expect(page.getByTestId('model-architecture')).toHaveText('gpt2');
    expect((await app.state()).backend?.name).toBe('webgl');

    await page.getByTestId('run-ids').fill('39, 59, 93, 49');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('run-result')).toBeVisible();
    // 2 layers of [1 row, 4 heads, 4 queries, 4 keys]
    await expect(page.getByTestId('attention-self')).toHaveText(
      ['self', '2', '[1, 4, 4, 4]'].join(''),
    );
    await expect(page.getByTestId('run-top')).toHaveText(/^\d+ \d+ \d+ \d+$/);
    expect(app.consoleErrors).toEqual([]);
  });

  test('chooses wasm automatically where WebGL is software-rendered, and says why', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.open();
    await app.ready();
    await expect(page.getByTestId('backend-name')).toHaveText('wasm');
    await expect(page.getByTestId('backend-reason')).toContainText('software-rendered');
    await expect(page.getByTestId('backend-reason')).toContainText('SwiftShader');
    // cross-origin isolated: the threaded SIMD build runs
    await expect(page.getByTestId('backend-detail')).toContainText('SIMD, threaded build');
    expect(await page.evaluate(() => self.crossOriginIsolated)).toBe(true);
    console.log(`auto backend: ${await page.getByTestId('backend-detail').textContent()}`);
    expect(app.consoleErrors).toEqual([]);
  });

  test('switches backend from the control and keeps the loaded model', async ({ page }) => {
    const app = new AppPage(page);
    await app.serveGolden();
    await app.open({ model: '/fixtures/golden/bert/' });
    await app.ready();
    await page.getByTestId('backend-select').selectOption('cpu');
    await expect(page.getByTestId('backend-name')).toHaveText('cpu');
    await expect(page).toHaveURL(/backend=cpu/);
    await app.ready();
    expect((await app.state()).model?.architecture).toBe('bert');
    await page.getByTestId('run-button').click();
    await expect(page.getByTestId('attention-self')).toContainText('[1, 4, 5, 5]');
  });

  test('an unknown ?backend= and a broken model URL give clear messages, not a blank page', async ({
    page,
  }) => {
    const app = new AppPage(page);
    await app.serveGolden();
    await app.open({ backend: 'tpu', model: '/fixtures/golden/nowhere/' });
    await app.ready();
    await expect(page.getByTestId('backend-error')).toContainText("unknown backend 'tpu'");
    await expect(page.getByTestId('backend-name')).toHaveText('wasm');
    await expect(page.getByTestId('model-error')).toContainText('config.json: HTTP 404');
    await expect(page.getByRole('heading', { name: 'Attention Lab' })).toBeVisible();
  });
});
