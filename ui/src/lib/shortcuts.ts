import { useEffect, useRef } from "react";

/** Inputs that take no typed text: a key pressed on them is still a shortcut. */
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image"]);

/** An element that takes typed or pasted text (a text field, a select, an editable region). */
export function isEditable(target: EventTarget | Element | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "INPUT") return !NOT_TEXT.has((target as HTMLInputElement).type);
  return tag === "TEXTAREA" || tag === "SELECT";
}

/** Keys typed into a field, or with a modifier, are text and commands of their own, not shortcuts. */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  return isEditable(event.target);
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
      if (event.defaultPrevented || isTyping(event)) return;
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
  ["Enter", "open the ticket in focus, or the first match from the search field"],
  ["a", "approve the first action that can run"],
  ["e", "edit the reply"],
  ["s", "send the reply or note (Ctrl+Enter from the editor)"],
  ["x", "hand the ticket off to a queue (escalate it)"],
  ["?", "show or hide these shortcuts"],
  ["Escape", "undo an approval waiting to run; close this list"],
];
