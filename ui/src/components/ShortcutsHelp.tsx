import { useEffect, useRef } from "react";
import { SHORTCUTS } from "../lib/shortcuts";

/** The keyboard shortcuts, listed; Escape or the button closes it. */
export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <div role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" className="shortcuts">
      <h2 className="subhead">Keyboard shortcuts</h2>
      <dl className="shortcuts__list">
        {SHORTCUTS.map(([key, what]) => (
          <div key={key} className="shortcuts__row">
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button ref={close} type="button" className="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
