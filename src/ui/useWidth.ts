import { useCallback, useEffect, useState } from 'react';

/**
 * The content width of an element, kept current as it resizes (phone rotation, panels). A
 * callback ref, so that an element mounted after the first render (a panel that waits for
 * data) is measured too.
 */
export function useWidth<T extends HTMLElement>(fallback: number) {
  const [element, setElement] = useState<T | null>(null);
  const [width, setWidth] = useState(fallback);
  const ref = useCallback((node: T | null) => setElement(node), []);
  useEffect(() => {
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width) || fallback);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element, fallback]);
  return { ref, width };
}
