/** The URL's parameters with `next` applied: a value sets its parameter, null or '' removes it. */
export function withParams(params: URLSearchParams, next: Record<string, string | null>): URLSearchParams {
  const p = new URLSearchParams(params);
  for (const [k, v] of Object.entries(next))
    if (v) p.set(k, v);
    else p.delete(k);
  return p;
}
