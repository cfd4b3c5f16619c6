import { CopyButton } from './CopyButton';

/** A secret the IdP or portal showed once: the value, a Copy button, and where dcr-kit keeps it. */
export function ShownOnce({ secret, testId }: { secret: string; testId: string }) {
  return (
    <div class="shown-once">
      <p class="small">Client secret (shown once; dcr-kit keeps it for this browser session):</p>
      <div class="row">
        <code data-testid={testId}>{secret}</code>
        <CopyButton label="Copy secret" value={secret} testId={`${testId}-copy`} />
      </div>
    </div>
  );
}
