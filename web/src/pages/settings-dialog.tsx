import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { ErrorMessage } from '../components/error-message.tsx';

/**
 * A modal dialog on the browser's own <dialog>: showModal() keeps focus inside it, makes the page
 * behind inert and closes on Escape (its `cancel` event), and focus goes back to the control that
 * opened it when it closes. Rendered only while open; `data-autofocus` marks the control to start on.
 */
export function SettingsDialog({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement as HTMLElement | null;
    dialog?.showModal();
    // showModal focuses the first control; a dialog can name a safer one (Cancel before Delete).
    dialog?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      dialog?.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="settings-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
    </dialog>
  );
}

/** "Are you sure?" for what cannot be undone: the action runs on confirm, its refusal is shown. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const action = useAction();
  const confirm = async () => {
    const done = await action.run(async () => {
      await onConfirm();
      return true;
    });
    if (done) onClose();
  };
  return (
    <SettingsDialog title={title} onClose={onClose}>
      <div>{message}</div>
      {action.error ? <ErrorMessage error={action.error} /> : null}
      <div className="settings-actions">
        <button type="button" className="danger" disabled={action.busy} onClick={confirm}>
          {action.busy ? 'Working…' : confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
      </div>
    </SettingsDialog>
  );
}

/** Copies text to the clipboard without showing it; says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [outcome, setOutcome] = useState<'copied' | 'failed' | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome('copied'),
      () => setOutcome('failed'),
    );
  return (
    <span className="settings-copy">
      <button type="button" className="secondary" onClick={copy}>
        {label}
      </button>
      <span role="status" className="hint">
        {outcome === 'copied' ? 'Copied.' : outcome === 'failed' ? 'The browser refused to copy.' : ''}
      </span>
    </span>
  );
}

/** A section's own error handling: run an action, keep its refusal to show. */
export function useAction(): {
  busy: boolean;
  error: Error | null;
  run: <T>(action: () => Promise<T>) => Promise<T | undefined>;
  clear: () => void;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const run = async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}
