// The downloads that index.html's inline script starts before the app's code has loaded (a study's or a
// pair's viewer.json, then each volume's meta.json and voxels), keyed by absolute URL. The app takes
// each once; a URL the script did not start is fetched as usual.

declare global {
  interface Window {
    cxcr4petEarly?: Record<string, Promise<unknown> | undefined>;
  }
}

function take(url: string): Promise<unknown> | undefined {
  const early = window.cxcr4petEarly;
  const promise = early?.[url];
  if (early !== undefined) delete early[url];
  return promise;
}

/** The JSON at `url`: the early download when one was started, else a fetch; an error names the URL and status. */
export async function fetchJsonOnce(url: string): Promise<unknown> {
  const early = take(url);
  if (early !== undefined) return early;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

/** The bytes at `url`, as `fetchJsonOnce` takes JSON. */
export async function fetchBytesOnce(url: string): Promise<ArrayBuffer> {
  const early = take(url);
  if (early !== undefined) return early as Promise<ArrayBuffer>;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}
