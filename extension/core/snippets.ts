/**
 * Copy-paste snippets of the exact token request: the same URL, method, headers and body dcr-kit sends
 * (base64 Basic credentials, Entra always POST). They contain the client secret: they are only ever put on the
 * clipboard at the user's request.
 */
import type { TokenRequest } from './token-request';

/** POSIX shell single-quoting. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function curlSnippet(request: TokenRequest): string {
  const lines = [`curl -s -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  lines.push(`  --data-raw ${shellQuote(request.body)}`);
  return lines.join(' \\\n');
}

export function fetchSnippet(request: TokenRequest): string {
  return [
    `const response = await fetch(${JSON.stringify(request.url)}, {`,
    `  method: ${JSON.stringify(request.method)},`,
    `  headers: ${JSON.stringify(request.headers, null, 2).replace(/\n/g, '\n  ')},`,
    `  body: ${JSON.stringify(request.body)},`,
    '});',
    'const token = await response.json();',
  ].join('\n');
}
