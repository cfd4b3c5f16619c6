/** Small pieces every tab uses: a copy button, a JSON block, a status line for the result of an action. */
import { useState } from 'preact/hooks';

export function CopyButton(props: { text: string; label: string; testid?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="secondary small"
      aria-label={props.label}
      data-testid={props.testid}
      onClick={() => {
        navigator.clipboard?.writeText(props.text).then(
          () => {
            setDone(true);
            setTimeout(() => setDone(false), 1500);
          },
          () => undefined,
        );
      }}
    >
      {done ? 'Copied' : 'Copy'}
    </button>
  );
}

export function Json(props: { value: unknown; testid?: string }) {
  return (
    <pre class="json" data-testid={props.testid}>
      {typeof props.value === 'string' ? props.value : JSON.stringify(props.value, null, 2)}
    </pre>
  );
}

/** The outcome of the last action, announced to screen readers. */
export function Status(props: { message: string | null; error?: boolean; testid?: string }) {
  return (
    <p role="status" class={props.error ? 'status error' : 'status'} data-testid={props.testid}>
      {props.message ?? ''}
    </p>
  );
}

export function time(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}
