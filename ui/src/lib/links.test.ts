import { describe, expect, it } from "vitest";
import { ticketIdFromLink } from "./links";

describe("ticket links", () => {
  it("reads the desk's own deep link", () => {
    expect(ticketIdFromLink("countersign://ticket/D-0101")).toBe("D-0101");
    expect(ticketIdFromLink("  countersign://ticket/D-0101/\n")).toBe("D-0101");
    expect(ticketIdFromLink("countersign://ticket/D%2D0101?from=mail")).toBe("D-0101");
    expect(ticketIdFromLink("countersign://ticket/%20D-0101%20")).toBe("D-0101");
  });

  it("reads a Zendesk agent URL and other helpdesks' …/tickets/<id> pages", () => {
    expect(ticketIdFromLink("https://acme.zendesk.com/agent/tickets/48213")).toBe("48213");
    expect(ticketIdFromLink("https://acme.zendesk.com/agent/tickets/48213/events")).toBeNull();
    expect(ticketIdFromLink("https://acme.zendesk.com/agent/tickets/48213?tab=1#c2")).toBe("48213");
    expect(ticketIdFromLink("https://acme.freshdesk.com/a/tickets/77/")).toBe("77");
    expect(ticketIdFromLink("http://localhost:8080/tickets/D-0102")).toBe("D-0102");
  });

  it("answers null for anything else", () => {
    for (const text of [
      "",
      "D-0101",
      "see https://acme.zendesk.com/agent/tickets/1",
      "countersign://ticket/",
      "countersign://customer/evelyn",
      "https://acme.zendesk.com/agent/users/5",
      "https://acme.zendesk.com/agent/tickets/",
      "ftp://example.com/tickets/5",
      "countersign://ticket/%E0%A4%A", // malformed escape
      "https://example.com/tickets/%20",
    ]) {
      expect(ticketIdFromLink(text), text).toBeNull();
    }
  });
});
