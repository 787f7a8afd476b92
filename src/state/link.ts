/**
 * Shareable links: the URL carries the input and what the views show, so a link opens the app
 * as it was (`?model=t5&text=…&target=…&kind=cross&layer=1&head=0&view=heatmap`). Reading
 * applies what it can and says what it could not; writing is the UI's (it owns the address bar).
 */
import type { AttentionKind } from '../models/types';
import { ATTENTION_KINDS, startWith } from './inspect';
import { MAX_PADDING, type InputText } from './prepare';
import { select, type Selection } from './selection';
import { useStore, type AppState } from './store';
import { VIEWS, isView, setView } from './view';

const TEXT_FIELDS = ['text', 'textB', 'target'] as const;

export interface Link {
  readonly input: InputText | null;
  readonly selection: Partial<Selection>;
  readonly view: string | null;
  /** What the URL asked for that cannot be, said plainly. */
  readonly problems: readonly string[];
}

const index = (value: string | null): number | undefined | null => {
  if (value === null) return undefined;
  return /^\d+$/.test(value) ? Number(value) : null;
};

export function readLink(params: URLSearchParams): Link {
  const problems: string[] = [];
  const text = params.get('text');
  const padding = index(params.get('padding'));
  if (padding === null) problems.push(`padding '${params.get('padding')}' is not a count`);
  const input: InputText | null =
    text === null
      ? null
      : {
          text,
          ...Object.fromEntries(
            TEXT_FIELDS.slice(1).flatMap((f) => (params.has(f) ? [[f, params.get(f)!]] : [])),
          ),
          ...(padding ? { padding: Math.min(padding, MAX_PADDING) } : {}),
        };
  const selection: { -readonly [K in keyof Selection]?: Selection[K] } = {};
  const kind = params.get('kind');
  if (kind !== null) {
    if ((ATTENTION_KINDS as readonly string[]).includes(kind))
      selection.kind = kind as AttentionKind;
    else problems.push(`kind '${kind}' is not one of ${ATTENTION_KINDS.join(', ')}`);
  }
  for (const key of ['layer', 'head'] as const) {
    const value = index(params.get(key));
    if (value === null) problems.push(`${key} '${params.get(key)}' is not a number`);
    else if (value !== undefined) selection[key] = value;
  }
  const view = params.get('view');
  if (view !== null && !isView(view))
    problems.push(`there is no view '${view}' (the views are ${VIEWS.join(', ')})`);
  return { input, selection, view: view !== null && isView(view) ? view : null, problems };
}

const say = (problems: readonly string[]) =>
  useStore.setState({ linkNotice: `The link asked for what cannot be: ${problems.join('; ')}.` });

/** Applies a link: its input replaces the sample, its selection waits for the first result. */
export function applyLink(link: Link): void {
  if (link.input) startWith(link.input);
  if (link.view) setView(link.view);
  const problems = [...link.problems];
  if (problems.length > 0) say(problems);
  if (Object.keys(link.selection).length === 0) return;
  const unsubscribe = useStore.subscribe((state) => {
    if (!state.inspection) return;
    unsubscribe();
    try {
      select(link.selection);
    } catch (error) {
      say([...problems, (error as Error).message]);
    }
  });
}

/** The parts of the state a link carries: the address bar changes only when one of them does. */
export const LINKED: readonly (keyof AppState)[] = [
  'input',
  'inspection',
  'kind',
  'layer',
  'head',
  'view',
];

/**
 * The URL parameters of the current state (null: remove the parameter). Until something has
 * run, the selection's parameters are not given, so a link's own stay in the address bar.
 */
export function linkParams(state: AppState): Record<string, string | null> {
  const { input } = state;
  const hasText = input.text.trim() !== '';
  return {
    text: hasText ? input.text : null,
    textB: hasText && input.textB ? input.textB : null,
    target: hasText && input.target ? input.target : null,
    padding: hasText && input.padding ? String(input.padding) : null,
    ...(state.inspection && {
      kind: state.kind,
      layer: String(state.layer),
      head: String(state.head),
    }),
    view: state.view === 'heatmap' ? null : state.view,
  };
}
