import { useState } from 'preact/hooks';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Nodes this deep and shallower start open (the root and its children): an echo's headers show at once. */
const OPEN_DEPTH = 1;

/**
 * A JSON value as a tree: objects and arrays are `<details>` (keyboard operable as they are: Tab to the summary,
 * Enter or Space toggles), children rendered only while open, so a 64 kB body stays cheap. Long strings wrap.
 */
export function JsonTree({ value, label }: { value: Json; label: string }) {
  return (
    <div class="json-tree" data-testid="console-json">
      <JsonNode name={label} value={value} depth={0} />
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string; value: Json; depth: number }) {
  const [open, setOpen] = useState(depth <= OPEN_DEPTH);
  if (value === null || typeof value !== 'object') return <Leaf name={name} value={value} />;
  const entries: [string, Json][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const size = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  if (entries.length === 0) return <Leaf name={name} value={value} />;
  return (
    <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <span class="json-key">{name}</span> <span class="json-size">{size}</span>
      </summary>
      {open && (
        <ul>
          {entries.map(([key, child]) => (
            <li key={key}>
              <JsonNode name={key} value={child} depth={depth + 1} />
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}

function Leaf({ name, value }: { name: string; value: Json }) {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return (
    <div class="json-leaf">
      <span class="json-key">{name}</span>: <span class={`json-${kind}`}>{JSON.stringify(value)}</span>
    </div>
  );
}

/** The body as JSON when it is JSON (whatever the content type claims), else undefined. */
export function parseJsonBody(text: string): Json | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  try {
    return JSON.parse(trimmed) as Json;
  } catch {
    return undefined;
  }
}
