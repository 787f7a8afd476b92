/**
 * The visualizer on every shipped model (webgl): typing updates tokens and heatmap; the masks
 * show in the attention (causal, bidirectional, cross shapes, padding); the keyboard moves
 * between heads; unusual input never breaks the page; no tensors leak across inputs.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { AppPage } from './fixtures/app';

test.describe.configure({ mode: 'serial' });

async function openModel(page: Page, id: string): Promise<AppPage> {
  const app = new AppPage(page);
  await app.open({ backend: 'webgl', model: id });
  await app.ready();
  return app;
}

/** Every layer and head of a kind, as query rows × key columns. */
async function everyHead(app: AppPage, kind: 'self' | 'encoder' | 'decoder' | 'cross') {
  const model = (await app.state()).model!;
  const layers = kind === 'decoder' || kind === 'cross' ? model.numDecoderLayers! : model.numLayers;
  const out: number[][][] = [];
  for (let layer = 0; layer < layers; layer++)
    for (let head = 0; head < model.numHeads; head++)
      out.push(await app.attention({ kind, layer, head }));
  return out;
}

const rowSums = (m: number[][]) => m.map((row) => row.reduce((a, b) => a + b, 0));

for (const id of ['gpt2', 'llama']) {
  test(`${id}: typing updates tokens and heatmap; every head is causal with rows summing to 1`, async ({
    page,
  }) => {
    const app = await openModel(page, id);
    const box = page.getByTestId('input-text');
    await box.fill('');
    await box.pressSequentially('The man said that', { delay: 20 });
    await expect(page.getByTestId('tokens-decoder').locator('li')).toHaveCount(
      (await app.tokens()).decoder!.length,
    );
    await expect.poll(async () => (await app.tokens()).decoder!.join('')).toContain('said');
    const n = (await app.tokens()).decoder!.length;
    await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', String(n));
    for (const m of await everyHead(app, 'self')) {
      expect(m.length).toBe(n);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) expect(m[i]![j]!).toBeLessThan(1e-6);
      for (const sum of rowSums(m)) expect(sum).toBeCloseTo(1, 4);
    }
    expect(app.consoleErrors).toEqual([]);
  });
}

test('bert: bidirectional attention (above the diagonal), segment B shown', async ({ page }) => {
  const app = await openModel(page, 'bert');
  await page.getByTestId('input-text').fill('');
  await page.getByTestId('input-text').pressSequentially('the man said', { delay: 20 });
  await page.getByTestId('input-text-b').pressSequentially('he was here', { delay: 20 });
  const expected = ['[CLS]', 'the', 'man', 'said', '[SEP]', 'he', 'was', 'here', '[SEP]'];
  await expect.poll(async () => (await app.tokens()).encoder).toEqual(expected);
  await expect(page.getByTestId('tokens-encoder').locator('li')).toHaveCount(expected.length);
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', String(expected.length));
  await expect(page.getByTestId('tokens-encoder').locator('li.segment-b')).not.toHaveCount(0);
  let above = 0;
  for (const m of await everyHead(app, 'self'))
    m.forEach((row, i) => row.forEach((v, j) => (above = j > i ? Math.max(above, v) : above)));
  expect(above).toBeGreaterThan(0.05);
  expect(app.consoleErrors).toEqual([]);
});

test('t5: encoder [Te×Te], decoder [Td×Td] (causal), cross [Td×Te], each kind selectable', async ({
  page,
}) => {
  const app = await openModel(page, 't5');
  await page.getByTestId('input-text').fill('');
  await page.getByTestId('input-text').pressSequentially('date: 4 July 1976', { delay: 10 });
  await page.getByTestId('input-target').fill('');
  await page.getByTestId('input-target').pressSequentially('1976-07', { delay: 10 });
  await expect.poll(async () => (await app.tokens()).decoder!.join('')).toContain('07');
  await expect.poll(async () => (await app.tokens()).encoder!.join('')).toContain('July');
  await app.ready();
  const { encoder, decoder } = await app.tokens();
  await expect(page.getByTestId('tokens-decoder').locator('li')).toHaveCount(decoder!.length);
  const te = encoder!.length;
  const td = decoder!.length;
  expect(decoder![0]).toBe('<pad>');
  for (const [kind, rows, cols] of [
    ['encoder', te, te],
    ['decoder', td, td],
    ['cross', td, te],
  ] as const) {
    const m = await app.attention({ kind, layer: 0, head: 0 });
    expect([m.length, m[0]!.length]).toEqual([rows, cols]);
    await page.getByTestId(`kind-${kind}`).click();
    await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', String(rows));
    await expect(page.getByTestId('heatmap')).toHaveAttribute('data-cols', String(cols));
  }
  for (const m of await everyHead(app, 'decoder'))
    m.forEach((row, i) => row.forEach((v, j) => j > i && expect(v).toBeLessThan(1e-6)));
  expect(app.consoleErrors).toEqual([]);
});

test('padding columns get zero attention', async ({ page }) => {
  const app = await openModel(page, 'bert');
  const out = await app.forward({
    inputIds: [
      [2, 40, 41, 42, 3],
      [2, 40, 3, 0, 0],
    ],
    attentionMask: [
      [1, 1, 1, 1, 1],
      [1, 1, 1, 0, 0],
    ],
  });
  const probs = out.attentions.self!.layers[0]!.probs;
  const [, heads, t] = probs.shape as [number, number, number, number];
  const data = probs.data as unknown as number[];
  for (let h = 0; h < heads; h++)
    for (let i = 0; i < t; i++)
      for (const j of [3, 4]) expect(data[((1 * heads + h) * t + i) * t + j]).toBe(0);
});

test('arrow keys move between heads and layers', async ({ page }) => {
  const app = await openModel(page, 'gpt2');
  await page.getByTestId('heatmap-frame').focus();
  const before = await app.state();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await app.state()).head).toBe(before.head + 1);
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await app.state()).layer)
    .toBe(Math.min(before.layer + 1, before.model!.numLayers - 1));
  await expect(page.getByTestId('heatmap-frame')).toHaveAttribute(
    'data-head',
    String(before.head + 1),
  );
});

test('unusual input: empty, other scripts, longer than the context', async ({ page }) => {
  const app = await openModel(page, 'gpt2');
  await app.setInput({ text: '   ' });
  await expect(page.getByTestId('input-empty')).toBeVisible();
  await expect(page.getByTestId('heatmap')).toHaveCount(0);
  await app.setInput({ text: '猫が座った 🐈 and the 中文 mixed Ünïcödé' });
  await expect(page.getByTestId('heatmap')).toBeVisible();
  expect((await app.tokens()).decoder!.length).toBeGreaterThan(5);
  const context = (
    JSON.parse(readFileSync('public/models/gpt2/config.json', 'utf8')) as { n_positions: number }
  ).n_positions;
  await app.setInput({ text: Array.from({ length: 400 }, () => 'the').join(' ') });
  const state = await app.state();
  expect(state.dropped).toBeGreaterThan(0);
  await expect(page.getByTestId('input-truncated')).toContainText(
    `${state.dropped} tokens were dropped`,
  );
  expect((await app.tokens()).decoder!.length).toBe(context);
  // Past 64 tokens the cells are a canvas; the labels (thinned so they never overlap) and the
  // hover stay on the SVG above it.
  const heatmap = page.getByTestId('heatmap');
  await expect(heatmap.locator('canvas')).toHaveCount(1);
  const labels = heatmap.locator('.heatmap-labels text');
  expect(await labels.count()).toBeGreaterThanOrEqual((2 * context) / 4);
  expect(await labels.count()).toBeLessThan(2 * context);
  await expect(labels.first()).toHaveText('the');
  // The first cell, found from its labels: the first token can only attend to itself.
  await heatmap.scrollIntoViewIfNeeded();
  const row = (await heatmap
    .locator('.heatmap-labels text:not([transform])')
    .first()
    .boundingBox())!;
  const col = (await heatmap.locator('.heatmap-labels text[transform]').first().boundingBox())!;
  await page.mouse.move(col.x + col.width / 2, row.y + row.height / 2);
  await expect(page.getByTestId('heatmap-value')).toHaveText('the → the: 1.000');
  expect(app.consoleErrors).toEqual([]);
});

test('a token marks the characters it covers, on hover and from the keyboard', async ({ page }) => {
  const app = await openModel(page, 'bert');
  await app.setInput({ text: 'The Jury said 你好', textB: 'it did' });
  const strip = page.getByTestId('tokens-encoder');
  const source = page.getByTestId('tokens-encoder-source');
  const mark = page.getByTestId('token-source-mark');
  const tokens = (await app.tokens()).encoder!;
  expect(tokens).toEqual([
    '[CLS]',
    'the',
    'ju',
    '##ry',
    'said',
    '[UNK]',
    '[UNK]',
    '[SEP]',
    'it',
    'did',
    '[SEP]',
  ]);
  await strip.locator('li').nth(3).hover();
  await expect(mark).toHaveText('ry');
  await expect(source).toHaveText('Text: The Jury said 你好');
  await strip.locator('li').nth(6).hover();
  await expect(mark).toHaveText('好');
  await strip.locator('li').nth(9).hover();
  await expect(mark).toHaveText('did');
  await expect(source).toHaveText('Segment B: it did');
  await strip.locator('li').first().hover();
  await expect(source).toContainText('[CLS] is a special token the tokenizer added');
  await page.mouse.move(0, 0);
  await expect(mark).toHaveCount(0);

  await page.getByTestId('tokens-encoder-list').focus();
  await page.keyboard.press('ArrowRight');
  await expect(mark).toHaveText('The');
  await page.keyboard.press('End');
  await expect(strip.locator('li.active')).toHaveText(/\[SEP\]/);
  // A screen reader hears the active token: the listbox points at it, and it is selected.
  await expect(page.getByTestId('tokens-encoder-list')).toHaveAttribute(
    'aria-activedescendant',
    `tokens-encoder-token-${tokens.length - 1}`,
  );
  await expect(strip.locator('li[aria-selected="true"]')).toHaveText(/\[SEP\]/);
  await page.keyboard.press('ArrowLeft');
  await expect(mark).toHaveText('did');

  // Byte-level: each of the four byte tokens of an emoji covers the whole emoji.
  await app.setModel('gpt2');
  await app.setInput({ text: 'a 😀 b' });
  const bytes = (await app.tokens()).decoder!;
  expect(bytes).toEqual(['a', 'Ġ', 'ð', 'Ł', 'ĺ', 'Ģ', 'Ġb']);
  await page.getByTestId('tokens-decoder').locator('li').nth(4).hover();
  await expect(page.getByTestId('token-source-mark')).toHaveText('😀');
  expect(app.consoleErrors).toEqual([]);
});

/** Moves the pointer onto the heatmap cell of displayed row `row` and column `col`. */
async function hoverCell(page: Page, row: number, col: number) {
  const labels = page.getByTestId('heatmap').locator('.heatmap-labels');
  const y = (await labels.locator('text:not([transform])').nth(row).boundingBox())!;
  const x = (await labels.locator('text[transform]').nth(col).boundingBox())!;
  await page.mouse.move(x.x + x.width / 2, y.y + y.height / 2);
}

test('a heatmap cell marks its query and key tokens; hiding special tokens keeps the lock on them', async ({
  page,
}) => {
  const app = await openModel(page, 'bert');
  await app.setInput({ text: 'the man said' });
  expect((await app.tokens()).encoder).toEqual(['[CLS]', 'the', 'man', 'said', '[SEP]']);
  await page.getByTestId('hide-special').check();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', '3');
  const strip = page.getByTestId('tokens-encoder');
  await hoverCell(page, 1, 2); // displayed: the, man, said
  await expect(page.getByTestId('heatmap-value')).toContainText('man → said: 0.');
  await expect(strip.locator('li.query')).toHaveText(/^man/);
  await expect(strip.locator('li.key')).toHaveText(/^said/);
  await page.mouse.down();
  await page.mouse.up();
  await page.getByTestId('hide-special').uncheck();
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', '5');
  await expect(page.getByTestId('heatmap-value')).toContainText(/^man → said: 0\.\d+ \(locked\)$/);
  await expect(strip.locator('li.query')).toHaveText(/^man/);
  await expect(strip.locator('li.key')).toHaveText(/^said/);

  // Cross-attention: the query is a decoder token, the key an encoder token.
  await app.setModel('t5');
  await app.setInput({ text: 'date: 4 July 1976', target: '1976' });
  await app.select({ kind: 'cross', layer: 0, head: 0 });
  await hoverCell(page, 0, 1);
  const { encoder, decoder } = await app.tokens();
  await expect(page.getByTestId('tokens-decoder').locator('li.query')).toHaveText(
    new RegExp(`^${decoder![0]!}`),
  );
  await expect(page.getByTestId('tokens-encoder').locator('li.key')).toHaveText(
    new RegExp(`^${encoder![1]!}`),
  );
  await expect(page.getByTestId('tokens-encoder').locator('li.query')).toHaveCount(0);
  expect(app.consoleErrors).toEqual([]);
});

test('predictions: BERT fills a [MASK], GPT-2 predicts the next token at each position', async ({
  page,
}) => {
  const app = await openModel(page, 'bert');
  await app.setInput({ text: 'The [MASK] sat on the mat .' });
  const tokens = (await app.tokens()).encoder!;
  expect(tokens).toEqual(['[CLS]', 'the', '[MASK]', 'sat', 'on', 'the', 'ma', '##t', '.', '[SEP]']);
  const bert = (await app.predictions())!;
  expect([bert.strip, bert.next]).toEqual(['encoder', false]);
  expect(bert.top[0]).toBeNull(); // [CLS]
  expect(bert.top.at(-1)).toBeNull(); // [SEP]
  // The five nouns `npm run eval:models` finds in the top 5 for this sentence (Node, wasm).
  expect(bert.top[2]!.map((p) => p.token).sort()).toEqual([
    'back',
    'eyes',
    'face',
    'house',
    'time',
  ]);
  const ps = bert.top[2]!.map((p) => p.p);
  ps.slice(1).forEach((p, k) => expect(p).toBeLessThanOrEqual(ps[k]!));
  expect(ps.reduce((a, b) => a + b, 0)).toBeLessThan(1);
  const chip = page.getByTestId('tokens-encoder').locator('li').nth(2);
  await expect(chip.locator('.prediction')).toHaveText(bert.top[2]![0]!.token);
  await chip.hover();
  await expect(page.getByTestId('tokens-encoder-predictions')).toContainText(
    `Predicts here: ${bert.top[2]![0]!.token} ${(100 * ps[0]!).toFixed(1)} %`,
  );

  // GPT-2: the top prediction at each position is the argmax of the forward pass's logits.
  await app.setModel('gpt2');
  await app.setInput({ text: 'The man said that' });
  const gpt2 = (await app.predictions())!;
  expect([gpt2.strip, gpt2.next]).toEqual(['decoder', true]);
  const strip = page.getByTestId('tokens-decoder');
  const ids = (await strip.locator('li > small:first-of-type').allTextContents()).map(Number);
  expect(ids).toHaveLength(gpt2.top.length);
  const { logits } = await app.forward({ inputIds: [ids] });
  const vocab = logits!.shape[2]!;
  const data = logits!.data as unknown as number[];
  const argmax = ids.map((_, t) => {
    const row = data.slice(t * vocab, (t + 1) * vocab);
    return row.indexOf(Math.max(...row));
  });
  expect(gpt2.top.map((top) => top![0]!.id)).toEqual(argmax);
  await expect(strip.locator('li .prediction').first()).toHaveText(gpt2.top[0]![0]!.token);
  await strip.locator('li').last().hover();
  await expect(page.getByTestId('tokens-decoder-predictions')).toContainText(
    `Predicts next: ${gpt2.top.at(-1)![0]!.token}`,
  );
  expect(app.consoleErrors).toEqual([]);
});

for (const id of ['bert', 'gpt2', 't5', 'llama']) {
  test(`${id}: no tensors leak across 20 input changes`, async ({ page }) => {
    const app = await openModel(page, id);
    const input = (i: number) =>
      id === 't5'
        ? { text: `date: May ${i + 1}, 2001`, target: '2001-05' }
        : {
            text: `the man said ${'that '.repeat(i % 5)}he was ${i}`,
            textB: i % 2 ? 'he sat' : '',
          };
    await app.setInput(input(0));
    const first = await app.memory();
    for (let i = 1; i <= 20; i++) await app.setInput(input(i));
    expect((await app.memory()).numTensors).toBe(first.numTensors);
  });
}

test('mask panel: causal, bidirectional and cross masks over the real tokens; padding made visible', async ({
  page,
}) => {
  const app = await openModel(page, 'gpt2');
  await app.setInput({ text: 'the man said that' });
  const n = (await app.tokens()).decoder!.length;
  await expect(page.getByTestId('mask-self')).toHaveAttribute(
    'data-allowed',
    String((n * (n + 1)) / 2),
  );
  await expect(page.getByTestId('mask-self')).toContainText('Causal');

  await app.setModel('bert');
  await app.setInput({ text: 'the man said', padding: 2 });
  const tokens = (await app.tokens()).encoder!;
  expect(tokens.slice(-2)).toEqual(['[PAD]', '[PAD]']);
  const t = tokens.length;
  await expect(page.getByTestId('mask-self')).toHaveAttribute('data-allowed', String(t * (t - 2)));
  await expect(page.getByTestId('padding-note')).toBeVisible();
  for (const m of await everyHead(app, 'self'))
    for (const row of m) expect([row[t - 2], row[t - 1]]).toEqual([0, 0]);

  await app.setModel('t5');
  await app.setInput({ text: 'date: 4 July 1976', target: '1976' });
  const { encoder, decoder } = await app.tokens();
  await expect(page.getByTestId('mask-cross')).toHaveAttribute(
    'data-allowed',
    String(encoder!.length * decoder!.length),
  );
  await expect(page.getByTestId('mask-encoder')).toContainText('Bidirectional');
  await page.getByTestId('mask-decoder').getByRole('button').click();
  await expect.poll(async () => (await app.state()).kind).toBe('decoder');
  expect(app.consoleErrors).toEqual([]);
});

test('a full-context input (T5, 512 tokens): masks and heatmap on canvas, one query’s lines in the head view', async ({
  page,
}) => {
  const app = await openModel(page, 't5');
  const text = Array.from({ length: 300 }, (_, i) => `word${i} and`).join(' ');
  await app.setInput({ text, target: '' });
  const tokens = (await app.tokens()).encoder!;
  expect(tokens).toHaveLength(512);
  expect((await app.state()).dropped).toBeGreaterThan(0);
  await expect(page.getByTestId('mask-encoder').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('mask-encoder').locator('rect')).toHaveCount(0);
  await app.select({ kind: 'encoder', layer: 0, head: 0 });
  await expect(page.getByTestId('heatmap').locator('canvas')).toHaveCount(1);
  await expect(page.getByTestId('heatmap')).toHaveAttribute('data-rows', '512');

  await page.getByTestId('view-heads').click();
  await expect(page.getByTestId('head-view-hint')).toContainText(
    'one query’s lines show at a time',
  );
  const heads = (await app.state()).model!.numHeads;
  // The first query's lines: its probabilities above the drawing threshold, every head.
  let expected = 0;
  for (let h = 0; h < heads; h++)
    expected += (await app.attention({ kind: 'encoder', layer: 0, head: h }))[0]!.filter(
      (v) => v > 0.02,
    ).length;
  await expect(page.getByTestId('head-view-svg')).toHaveAttribute('data-lines', String(expected));
  expect(expected).toBeLessThanOrEqual(heads * 512);

  await page.getByTestId('view-model').click();
  await expect(page.getByTestId('grid-encoder').locator('canvas')).toHaveCount(
    (await app.state()).model!.numLayers * heads,
  );
  expect(app.consoleErrors).toEqual([]);
});

test('fits a 390 px phone: no horizontal overflow of the page or the heatmap', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ['bert', 't5']) {
    const app = await openModel(page, id);
    await expect(page.getByTestId('heatmap')).toBeVisible();
    const [client, scroll] = await page
      .getByTestId('heatmap-frame')
      .evaluate((e) => [e.clientWidth, e.scrollWidth]);
    expect(scroll).toBeLessThanOrEqual(client!);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    expect(app.consoleErrors).toEqual([]);
  }
});

test('model view: a thumbnail per layer and head of each kind; a click opens it', async ({
  page,
}) => {
  const app = await openModel(page, 't5');
  const model = (await app.state()).model!;
  const heads = model.numHeads;
  await page.getByTestId('view-model').click();
  expect((await app.state()).view).toBe('model');
  await expect(page.getByTestId('grid-encoder').locator('button.thumb')).toHaveCount(
    model.numLayers * heads,
  );
  await expect(page.getByTestId('grid-decoder').locator('button.thumb')).toHaveCount(
    model.numDecoderLayers! * heads,
  );
  await expect(page.getByTestId('grid-cross').locator('button.thumb')).toHaveCount(
    model.numDecoderLayers! * heads,
  );
  await page.getByTestId('thumb-cross-1-2').click();
  const state = await app.state();
  // A click opens the head in the heatmap.
  expect([state.kind, state.layer, state.head, state.view]).toEqual(['cross', 1, 2, 'heatmap']);
  await expect(page.getByTestId('heatmap-frame')).toHaveAttribute('data-head', '2');
  await expect(page.getByTestId('view-heatmap')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('view-model').click();
  await expect(page.getByTestId('thumb-cross-1-2')).toHaveAttribute('aria-pressed', 'true');
  expect(app.consoleErrors).toEqual([]);
});

test('head view: lines for every head of the layer; toggling a head removes its lines', async ({
  page,
}) => {
  const app = await openModel(page, 'gpt2');
  await app.setInput({ text: 'the man said that the' });
  await page.getByTestId('view-heads').click();
  const svg = page.getByTestId('head-view-svg');
  const all = Number(await svg.getAttribute('data-lines'));
  // lines of head 0 from the API: probabilities above the drawing threshold
  const head0 = (await app.attention({ kind: 'self', layer: 0, head: 0 }))
    .flat()
    .filter((v) => v > 0.02).length;
  await page.getByTestId('head-toggle-0').uncheck();
  await expect(svg).toHaveAttribute('data-lines', String(all - head0));
  await page.getByTestId('head-toggle-0').check();
  await expect(svg).toHaveAttribute('data-lines', String(all));
  expect(app.consoleErrors).toEqual([]);
});

test('views: one at a time, from tabs, the API or the URL; the masks stay beside', async ({
  page,
}) => {
  const app = await openModel(page, 'bert');
  expect((await app.state()).view).toBe('heatmap');
  await expect(page.getByTestId('attention-panel')).toBeVisible();
  await expect(page.getByTestId('head-view')).toHaveCount(0);
  await page.getByTestId('view-heatmap').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('head-view')).toBeVisible();
  await expect(page.getByTestId('attention-panel')).toHaveCount(0);
  await expect(page.getByTestId('view-heads')).toBeFocused();
  expect(page.url()).toContain('view=heads');
  await page.keyboard.press('End');
  await expect(page.getByTestId('model-view')).toBeVisible();
  await expect(page.getByTestId('mask-panel')).toBeVisible();
  // Beside, at a projector's width: the masks' panel and the view's share the row.
  const masks = (await page.getByTestId('mask-panel').boundingBox())!;
  const view = (await page.getByTestId('model-view').boundingBox())!;
  expect(masks.x + masks.width).toBeLessThanOrEqual(view.x);
  expect(Math.abs(masks.y - view.y)).toBeLessThan(80);

  expect(await app.setView('heads')).toBe('');
  await expect(page.getByTestId('head-view')).toBeVisible();
  const refused = await app.setView('pie');
  expect(refused).toBe("there is no view 'pie': the views are heatmap, heads, model");

  await page.goto('/?backend=webgl&model=bert&view=model');
  await app.ready();
  await expect(page.getByTestId('model-view')).toBeVisible();
  expect((await app.state()).view).toBe('model');
  await page.goto('/?backend=webgl&model=bert&view=pie');
  await app.ready();
  await expect(page.getByTestId('link-notice')).toContainText(
    "there is no view 'pie' (the views are heatmap, heads, model)",
  );
  await expect(page.getByTestId('attention-panel')).toBeVisible();
  expect(app.consoleErrors).toEqual([]);
});

test('a shared link opens the app as it was: input, selection and view; what cannot be is said', async ({
  page,
}) => {
  const app = new AppPage(page);
  await app.open({ backend: 'webgl', model: 't5' });
  await app.ready();
  await app.setInput({ text: 'date: 4 July 1976', target: '1976-07' });
  await app.select({ kind: 'cross', layer: 1, head: 2 });
  await page.getByTestId('view-heads').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('heads');
  const link = page.url();
  expect(new URL(link).searchParams.get('text')).toBe('date: 4 July 1976');

  const other = await page.context().newPage();
  const reopened = new AppPage(other);
  await other.goto(link);
  await reopened.ready();
  await expect(other.getByTestId('input-text')).toHaveValue('date: 4 July 1976');
  await expect(other.getByTestId('input-target')).toHaveValue('1976-07');
  const state = await reopened.state();
  expect([state.kind, state.layer, state.head, state.view]).toEqual(['cross', 1, 2, 'heads']);
  expect(await reopened.tokens()).toEqual(await app.tokens());
  await expect(other.getByTestId('head-view')).toBeVisible();

  // Typing rewrites the link.
  await other.getByTestId('input-text').fill('date: 5 May 2001');
  await expect.poll(() => new URL(other.url()).searchParams.get('text')).toBe('date: 5 May 2001');

  // A head the model does not have: said, and the selection stays valid.
  await other.goto('/?backend=webgl&model=t5&text=date%3A+1+May&kind=cross&layer=7');
  await reopened.ready();
  await expect(other.getByTestId('link-notice')).toContainText(
    "layer 7 does not exist: 'cross' has layers 0–1",
  );
  expect((await reopened.state()).layer).toBeLessThan(2);
  expect(reopened.consoleErrors).toEqual([]);
  expect(app.consoleErrors).toEqual([]);
});

test('architecture guide highlights the family of the model shown, each with its mask', async ({
  page,
}) => {
  const app = await openModel(page, 'llama');
  // The chapter's first picture: all ones, lower-triangular, and encoder-decoder's blocks.
  const cells = (family: string, cls: string) =>
    page.getByTestId(`family-mask-${family}`).locator(`rect.${cls}`);
  await expect(cells('encoder', 'mask-open')).toHaveCount(25);
  await expect(cells('encoder', 'mask-closed')).toHaveCount(0);
  await expect(cells('decoder', 'mask-open')).toHaveCount(15);
  await expect(cells('decoder', 'mask-closed')).toHaveCount(10);
  await expect(cells('encoder-decoder', 'mask-open')).toHaveCount(9 + 6);
  await expect(cells('encoder-decoder', 'mask-cross')).toHaveCount(9);
  await expect(cells('encoder-decoder', 'mask-closed')).toHaveCount(9 + 3);
  await expect(page.getByTestId('family-decoder')).toHaveAttribute('aria-current', 'true');
  await app.setModel('t5');
  await expect(page.getByTestId('family-encoder-decoder')).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('family-decoder')).not.toHaveAttribute('aria-current', 'true');
});

test('pre-softmax scores: masked cells are −∞, drawn grey, on a scale of the finite scores', async ({
  page,
}) => {
  const app = await openModel(page, 'gpt2');
  await app.setInput({ text: 'the man said that' });
  await page.getByTestId('show-scores').check();
  const cells = page.getByTestId('heatmap').locator('svg > g > rect');
  const above = cells.nth(1); // row 0, column 1: the future
  await expect(above).toHaveAttribute('fill', '#d9d9d9');
  await above.hover();
  await expect(page.getByTestId('heatmap-value')).toContainText('−∞ (masked)');
  await cells.nth(0).hover();
  await expect(page.getByTestId('heatmap-value')).not.toContainText('−∞');
  await expect(page.getByTestId('heatmap-legend')).not.toHaveText(/^0\s+1$/);
  expect(app.consoleErrors).toEqual([]);
});

test('Tab reaches every control of the views', async ({ page }) => {
  const app = await openModel(page, 't5');
  const reached = new Set<string>();
  // Each view in turn, chosen from the keyboard: Tab to the selected tab, then an arrow key.
  for (const view of ['heatmap', 'heads', 'model']) {
    await page.locator('body').focus();
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') ?? '',
      );
      if (id) reached.add(id);
    }
    if (view === 'model') break;
    await page.getByTestId(`view-${view}`).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await app.state()).view).not.toBe(view);
  }
  for (const id of [
    'input-text',
    'input-target',
    'input-padding',
    'tokens-encoder-list',
    'tokens-decoder-list',
    'kind-encoder',
    'kind-decoder',
    'kind-cross',
    'layer-select',
    'head-select',
    'aggregate-select',
    'hide-special',
    'show-scores',
    'view-heatmap',
    'view-heads',
    'view-model',
    'heatmap-frame',
    'head-toggle-0',
    'thumb-encoder-0-0',
    'thumb-cross-1-3',
  ])
    expect([...reached]).toContain(id);
});
