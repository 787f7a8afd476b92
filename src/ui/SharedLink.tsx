import { useEffect } from 'react';
import { LINKED, linkParams } from '../state/link';
import { useStore } from '../state/store';
import { setUrlParams } from './url';

/**
 * Keeps the address bar a link to what is shown (input, selection, view), and says what a
 * link asked for that could not be applied.
 */
export function SharedLink() {
  const notice = useStore((s) => s.linkNotice);
  useEffect(() => {
    setUrlParams(linkParams(useStore.getState()));
    // Not on every store change: hovering the heatmap changes the store on each mouse move.
    return useStore.subscribe((state, previous) => {
      if (LINKED.some((key) => state[key] !== previous[key])) setUrlParams(linkParams(state));
    });
  }, []);
  if (!notice) return null;
  return (
    <p className="notice" role="status" data-testid="link-notice">
      {notice}{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => useStore.setState({ linkNotice: null })}
      >
        Dismiss
      </button>
    </p>
  );
}
