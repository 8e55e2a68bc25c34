// Links that open a ticket at the desk: the app's own deep link, and a helpdesk's
// ticket page (Zendesk's agent URL and any other `…/tickets/<id>` address), so an
// agent can paste the URL from the browser tab they are reading.

import type { TicketId } from "../ipc/bindings";

const DEEP_LINK = /^countersign:\/\/ticket\/([^/?#]+)\/?(?:[?#].*)?$/i;
const HELPDESK_PATH = /\/tickets\/([^/?#]+)\/?$/;

function decoded(raw: string): TicketId | null {
  try {
    const id = decodeURIComponent(raw).trim();
    return id === "" ? null : id;
  } catch {
    return null;
  }
}

/** The ticket id a link points at, or null when it is not a ticket link. */
export function ticketIdFromLink(text: string): TicketId | null {
  const link = text.trim();
  const deep = DEEP_LINK.exec(link);
  if (deep) return decoded(deep[1] ?? "");
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  const path = HELPDESK_PATH.exec(url.pathname);
  return path ? decoded(path[1] ?? "") : null;
}
