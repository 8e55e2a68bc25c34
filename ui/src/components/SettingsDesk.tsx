import { useEffect, useId, useState } from "react";
import type { PrefsState } from "../hooks/usePrefs";
import type { Prefs } from "../ipc/bindings";

/** The longest undo window the back end accepts. */
export const MAX_UNDO_SECONDS = 30;

/** Seconds as typed, or why they are not a valid undo window. */
export function parseUndoSeconds(text: string): number | string {
  const typed = text.trim();
  if (!/^\d+$/.test(typed) || Number(typed) > MAX_UNDO_SECONDS) {
    return `Enter a whole number of seconds from 0 to ${MAX_UNDO_SECONDS}.`;
  }
  return Number(typed);
}

function Switch({ label, hint, checked, onChange }: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="switch">
      <input
        id={id}
        type="checkbox"
        role="switch"
        className="switch__input"
        checked={checked}
        aria-describedby={hintId}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id} className="switch__label">
        {label}
      </label>
      <p id={hintId} className="field__hint muted switch__hint">
        {hint}
      </p>
    </div>
  );
}

/** The desk's own preferences, each saved as it is changed. */
export function SettingsDesk({ prefs: state }: { prefs: PrefsState }) {
  const { prefs, save, error } = state;
  const [undoText, setUndoText] = useState(String(prefs.undo_seconds));
  const [saved, setSaved] = useState(false);
  const undoId = useId();
  const undoHintId = useId();
  const undoProblemId = useId();
  const parsed = parseUndoSeconds(undoText);
  const problem = typeof parsed === "string" ? parsed : null;

  // Loaded or put back after a refused save: show what is in force.
  useEffect(() => {
    setUndoText((text) => (parseUndoSeconds(text) === prefs.undo_seconds ? text : String(prefs.undo_seconds)));
  }, [prefs.undo_seconds]);

  const change = async (next: Partial<Prefs>) => {
    setSaved(false);
    setSaved(await save({ ...prefs, ...next }));
  };

  const onUndo = (text: string) => {
    setUndoText(text);
    const seconds = parseUndoSeconds(text);
    if (typeof seconds === "number" && seconds !== prefs.undo_seconds) void change({ undo_seconds: seconds });
  };

  return (
    <section aria-label="Desk" className="settings__section">
      <h3 className="settings__heading">Desk</h3>
      <Switch
        label="Desktop notifications"
        hint="When a ticket is routed to your queues, and when a long approval finishes while the desk is in the background."
        checked={prefs.notifications}
        onChange={(on) => void change({ notifications: on })}
      />
      <Switch
        label="Keep window on top"
        hint="Keeps the desk above the helpdesk's browser window."
        checked={prefs.always_on_top}
        onChange={(on) => void change({ always_on_top: on })}
      />
      <div className="field settings__field">
        <label className="field__label" htmlFor={undoId}>
          Undo window (seconds)
        </label>
        <input
          id={undoId}
          type="number"
          min={0}
          max={MAX_UNDO_SECONDS}
          step={1}
          inputMode="numeric"
          className="settings__number"
          value={undoText}
          aria-invalid={problem !== null}
          aria-describedby={problem ? `${undoProblemId} ${undoHintId}` : undoHintId}
          onChange={(e) => onUndo(e.target.value)}
        />
        {problem && (
          <p id={undoProblemId} className="amount-field__problem">
            {problem} Not saved: approvals keep waiting {prefs.undo_seconds} s.
          </p>
        )}
        <p id={undoHintId} className="field__hint muted">
          How long an approval waits, with Undo, before it runs; 0 runs it at once.
        </p>
      </div>
      <p role="status" className="muted settings__saved">
        {saved && !error ? "Saved." : ""}
      </p>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
    </section>
  );
}
