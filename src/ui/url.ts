/** Writes several parameters at once (null removes one), only when the address would change. */
export function setUrlParams(params: Record<string, string | null>): void {
  const url = new URL(window.location.href);
  for (const [name, value] of Object.entries(params)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  if (url.href !== window.location.href) window.history.replaceState(null, '', url);
}

/** Keeps a query parameter in the address bar in step with a choice, so the URL can be shared. */
export const setUrlParam = (name: string, value: string | null): void =>
  setUrlParams({ [name]: value });
