import { useEffect, useRef } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { TicketId } from "../ipc/bindings";
import { ticketIdFromLink } from "../lib/links";
import { isEditable } from "../lib/shortcuts";

/**
 * Opens the ticket a link points at: the link the desk was started with, links
 * opened while it runs, and a link pasted anywhere but into a field (where a
 * paste is text). `onProblem` hears of a link that was opened but names no
 * ticket; a pasted text that is no link is left alone.
 */
export function useTicketLinks(open: (id: TicketId) => void, onProblem: (message: string) => void): void {
  const backend = useBackend();
  const handlers = useRef({ open, onProblem });
  handlers.current = { open, onProblem };

  useEffect(() => {
    const opened = (link: string) => {
      const id = ticketIdFromLink(link);
      if (id !== null) handlers.current.open(id);
      else handlers.current.onProblem(`The link ${link} does not point at a ticket.`);
    };
    // Taken once: the answer is used even if this effect was already cleaned up
    // (React's development double mount), or the link would be lost.
    backend.takeStartupLink().then(
      (link) => {
        if (link !== null) opened(link);
      },
      (e: unknown) =>
        handlers.current.onProblem(`Could not read the link the desk was opened with: ${toBackendError(e).message}`),
    );
    const stop = backend.onOpenLink(opened);
    const onPaste = (event: ClipboardEvent) => {
      if (isEditable(event.target) || isEditable(document.activeElement)) return;
      const text = event.clipboardData?.getData("text/plain") || event.clipboardData?.getData("text") || "";
      const id = ticketIdFromLink(text);
      if (id === null) return;
      event.preventDefault();
      handlers.current.open(id);
    };
    document.addEventListener("paste", onPaste);
    return () => {
      stop();
      document.removeEventListener("paste", onPaste);
    };
  }, [backend]);
}
