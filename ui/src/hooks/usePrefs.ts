import { useCallback, useEffect, useRef, useState } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { Prefs } from "../ipc/bindings";

/** The back end's defaults, used while the saved preferences cannot be read. */
export const DEFAULT_PREFS: Prefs = { agent_id: null, notifications: true, always_on_top: false, undo_seconds: 5 };

export interface PrefsState {
  prefs: Prefs;
  /** The saved preferences were read (or could not be, and the defaults stand). */
  loaded: boolean;
  /** Why reading or the last save failed. */
  error: string | null;
  /** Saves `next` whole; shown at once, put back if the back end refuses it. */
  save: (next: Prefs) => Promise<boolean>;
}

export function usePrefs(): PrefsState {
  const backend = useBackend();
  const [prefs, setPrefs] = useState<Prefs>(DEFAULT_PREFS);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmed = useRef<Prefs>(DEFAULT_PREFS);
  const latest = useRef(0);

  useEffect(() => {
    let live = true;
    backend.getPrefs().then(
      (saved) => {
        if (!live) return;
        confirmed.current = saved;
        setPrefs(saved);
        setLoaded(true);
      },
      (e: unknown) => {
        if (!live) return;
        setError(`Could not read the preferences: ${toBackendError(e).message}`);
        setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const save = useCallback(
    async (next: Prefs) => {
      const request = ++latest.current;
      setPrefs(next);
      try {
        const saved = await backend.setPrefs(next);
        confirmed.current = saved;
        if (request === latest.current) {
          setPrefs(saved);
          setError(null);
        }
        return true;
      } catch (e) {
        if (request === latest.current) {
          setPrefs(confirmed.current);
          setError(`Could not save the preferences: ${toBackendError(e).message}`);
        }
        return false;
      }
    },
    [backend],
  );

  return { prefs, loaded, error, save };
}
