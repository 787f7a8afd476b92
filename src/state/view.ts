/** Which view the main area shows; the masks stay beside it. */
import { useStore, type ViewId } from './store';

export const VIEWS: readonly ViewId[] = ['heatmap', 'heads', 'model'];

export const isView = (value: unknown): value is ViewId => VIEWS.includes(value as ViewId);

export function setView(view: string): void {
  if (!isView(view))
    throw new RangeError(`there is no view '${view}': the views are ${VIEWS.join(', ')}`);
  useStore.setState({ view });
}
