import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** Where focus goes when the confirmed action removed the control that asked: the shown panel's heading. */
function panelHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden]) [data-panel-heading]');
}

/**
 * A destructive action that asks first: the button (styled as destructive) opens an inline question naming what is
 * deleted and where; Cancel is focused (the safe default; Escape cancels too) and gives focus back to the button;
 * after the action, focus stays on the button if it is still there, else moves to the panel's heading.
 */
export function ConfirmButton({
  label,
  testId,
  question,
  confirmLabel,
  onConfirm,
  disabled = false,
}: {
  label: string;
  testId: string;
  /** What is deleted, and where: at the IdP, at the portal, or only in dcr-kit. */
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
  disabled?: boolean;
}) {
  const uid = useId();
  const [asking, setAsking] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Before the browser paints: a keypress right after the click lands on Cancel, never on the page behind.
  useLayoutEffect(() => {
    if (asking) cancel.current?.focus();
  }, [asking]);
  const close = () => {
    setAsking(false);
    trigger.current?.focus();
  };
  const confirm = async () => {
    const button = trigger.current;
    setAsking(false);
    try {
      await onConfirm();
    } finally {
      // After the re-render the action caused: the button, or (when it went with what it deleted) the heading.
      setTimeout(() => (button?.isConnected ? button : panelHeading())?.focus(), 0);
    }
  };

  return (
    <>
      <button
        type="button"
        ref={trigger}
        class="danger-outline"
        data-testid={testId}
        disabled={disabled}
        aria-expanded={asking}
        onClick={() => setAsking(!asking)}
      >
        {label}
      </button>
      {asking && (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby={`${uid}-q`}
          data-testid="confirm"
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              close();
            }
          }}
        >
          <p id={`${uid}-q`} data-testid="confirm-question">
            {question}
          </p>
          <div class="row">
            <button type="button" class="danger" data-testid="confirm-yes" onClick={() => void confirm()}>
              {confirmLabel}
            </button>
            <button type="button" class="secondary" ref={cancel} data-testid="confirm-no" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}
