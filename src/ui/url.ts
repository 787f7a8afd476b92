/** Keeps a query parameter in the address bar in step with a choice, so the URL can be shared. */
export function setUrlParam(name: string, value: string | null): void {
  const url = new URL(window.location.href);
  if (value === null) url.searchParams.delete(name);
  else url.searchParams.set(name, value);
  window.history.replaceState(null, '', url);
}
