import { useEffect, useState } from 'preact/hooks';

/** How long "Copied ✓" stays before the button reads as itself again. */
const COPIED_FOR_MS = 2000;

/**
 * A button that copies a value (or what `value()` returns, e.g. a snippet fetched on click) and says so: "Copied ✓"
 * for two seconds, announced to screen readers, or why it could not copy.
 */
export function CopyButton({
  label,
  value,
  testId,
  primary = false,
  describedBy,
}: {
  label: string;
  value: string | (() => Promise<string>);
  testId: string;
  primary?: boolean;
  describedBy?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | string>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof value === 'string' ? value : await value());
      setState('copied');
    } catch (e) {
      setState(`Not copied: ${(e as Error).message}`);
    }
  };
  return (
    <>
      <button
        type="button"
        class={primary ? undefined : 'secondary'}
        data-testid={testId}
        data-copied={state === 'copied' ? 'true' : undefined}
        aria-describedby={describedBy}
        onClick={copy}
      >
        {state === 'copied' ? 'Copied ✓' : label}
      </button>
      <span class="visually-hidden" role="status">
        {state === 'copied' ? `${label}: copied to the clipboard` : ''}
      </span>
      {state !== 'idle' && state !== 'copied' && (
        <span class="error small" role="alert">
          {state}
        </span>
      )}
    </>
  );
}
