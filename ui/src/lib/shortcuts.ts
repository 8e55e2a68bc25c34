import { useEffect, useRef } from "react";

/** Keys typed into a field, or with a modifier, are text and commands of their own, not shortcuts. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

/**
 * Calls `handlers[key]` for a key pressed anywhere in the window, unless the agent is
 * typing. The handlers may change on every render; the listener is installed once.
 */
export function useShortcuts(handlers: Record<string, () => void>, enabled = true): void {
  const current = useRef(handlers);
  current.current = handlers;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event)) return;
      const handler = current.current[event.key];
      if (handler) {
        event.preventDefault();
        handler();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);
}

/** The shortcuts the desk offers, for the help dialog. */
export const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ["j", "next ticket in the queue"],
  ["k", "previous ticket in the queue"],
  ["a", "approve the first action that can run"],
  ["e", "edit the reply"],
  ["?", "show or hide these shortcuts"],
  ["Esc", "close this list"],
];
