import { useRef, type KeyboardEvent } from 'react';
import { useStore, type ViewId } from '../state/store';
import { VIEWS, setView } from '../state/view';
import { AttentionPanel } from './AttentionPanel';
import { HeadView } from './HeadView';
import { ModelView } from './ModelView';

const LABELS: Record<ViewId, string> = {
  heatmap: 'Heatmap',
  heads: 'Head view',
  model: 'Model view',
};

/**
 * One view at a time (a projector shows it whole; only it renders on each input), chosen by
 * tabs: arrow keys, Home and End move between them.
 */
export function Views() {
  const view = useStore((s) => s.view);
  const ready = useStore((s) => s.inspection !== null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  if (!ready) return null;

  const onKeyDown = (event: KeyboardEvent) => {
    const at = VIEWS.indexOf(view);
    const last = VIEWS.length - 1;
    const to: Record<string, number> = {
      ArrowRight: at === last ? 0 : at + 1,
      ArrowLeft: at === 0 ? last : at - 1,
      Home: 0,
      End: last,
    };
    const next = to[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setView(VIEWS[next]!);
    tabs.current[next]?.focus();
  };

  return (
    <div className="views" data-testid="views">
      <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
        {VIEWS.map((v, i) => (
          <button
            key={v}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`view-tab-${v}`}
            aria-selected={v === view}
            aria-controls="view-panel"
            tabIndex={v === view ? 0 : -1}
            data-testid={`view-${v}`}
            onClick={() => setView(v)}
          >
            {LABELS[v]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="view-panel" aria-labelledby={`view-tab-${view}`}>
        {view === 'heatmap' ? <AttentionPanel /> : view === 'heads' ? <HeadView /> : <ModelView />}
      </div>
    </div>
  );
}
