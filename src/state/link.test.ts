import { describe, expect, it } from 'vitest';
import { linkParams, readLink } from './link';
import { initialState, type AppState } from './store';

describe('reading a shared link', () => {
  it('takes the input, the selection and the view', () => {
    const link = readLink(
      new URLSearchParams(
        'text=The+%5BMASK%5D+sat&textB=It+was&padding=2&kind=cross&layer=1&head=0&view=heads',
      ),
    );
    expect(link).toEqual({
      input: { text: 'The [MASK] sat', textB: 'It was', padding: 2 },
      selection: { kind: 'cross', layer: 1, head: 0 },
      view: 'heads',
      problems: [],
    });
  });

  it('keeps the sample when there is no text, and caps padding at 8', () => {
    expect(readLink(new URLSearchParams('model=gpt2&layer=0')).input).toBeNull();
    expect(readLink(new URLSearchParams('text=a&padding=50')).input).toEqual({
      text: 'a',
      padding: 8,
    });
  });

  it('says what it cannot take, and takes the rest', () => {
    const link = readLink(
      new URLSearchParams('text=hi&kind=sideways&layer=two&head=-1&view=pie&padding=x'),
    );
    expect(link.problems).toEqual([
      "padding 'x' is not a count",
      "kind 'sideways' is not one of self, encoder, decoder, cross",
      "layer 'two' is not a number",
      "head '-1' is not a number",
      "there is no view 'pie' (the views are heatmap, heads, model)",
    ]);
    expect(link.input).toEqual({ text: 'hi' });
    expect(link.selection).toEqual({});
    expect(link.view).toBeNull();
  });
});

describe('the link to what is shown', () => {
  it('writes the input and, once something has run, the selection; the default view is removed', () => {
    const state: AppState = {
      ...initialState,
      input: { text: 'date: 4 July', target: '07', padding: 0 },
      kind: 'cross',
      layer: 1,
      head: 3,
    };
    expect(linkParams(state)).toEqual({
      text: 'date: 4 July',
      textB: null,
      target: '07',
      padding: null,
      view: null,
    });
    const shown = { ...state, view: 'model', inspection: {} } as unknown as AppState;
    expect(linkParams(shown)).toMatchObject({
      kind: 'cross',
      layer: '1',
      head: '3',
      view: 'model',
    });
  });

  it('round-trips through readLink', () => {
    const state = {
      ...initialState,
      input: { text: 'a & b = c?', textB: 'd' },
      kind: 'self',
      layer: 2,
      head: 1,
      view: 'heads',
      inspection: {},
    } as unknown as AppState;
    const params = new URLSearchParams(
      Object.entries(linkParams(state)).flatMap(([k, v]) => (v === null ? [] : [[k, v]])),
    );
    expect(readLink(params)).toEqual({
      input: { text: 'a & b = c?', textB: 'd' },
      selection: { kind: 'self', layer: 2, head: 1 },
      view: 'heads',
      problems: [],
    });
  });
});
