import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "./ipc/fake";
import { renderApp } from "./test/render";

function paste(target: Element | Document, text: string) {
  fireEvent.paste(target, { clipboardData: { getData: (type: string) => (type === "text/plain" ? text : "") } });
}

const selected = (id: string) =>
  waitFor(() => expect(screen.getByRole("button", { name: `Open ticket ${id}` })).toHaveAttribute("aria-current", "true"));

const toast = () =>
  within(screen.getByRole("main", { name: "Ticket" }))
    .queryAllByRole("status")
    .find((s) => s.classList.contains("toast"));

describe("opening tickets from links", () => {
  it("opens the ticket the desk was started with", async () => {
    const backend = new FakeBackend();
    backend.setStartupLink("countersign://ticket/D-0103");
    renderApp(backend);
    await selected("D-0103");
    expect(await screen.findByRole("region", { name: "Conversation" })).toHaveTextContent("Pause my coffee");
    expect(backend.callsTo("takeStartupLink")).toHaveLength(1);
  });

  it("opens a link that arrives while the desk runs, from any view", async () => {
    const { user, backend } = renderApp();
    await screen.findByRole("button", { name: "Open ticket D-0104" });
    await user.click(screen.getByRole("button", { name: "Audit log" }));
    act(() => backend.emitOpenLink("https://acme.zendesk.com/agent/tickets/D-0104"));
    await selected("D-0104");
    expect(screen.getByRole("button", { name: "Tickets" })).toHaveAttribute("aria-pressed", "true");
  });

  it("opens a pasted helpdesk link, unless the paste goes into a field", async () => {
    const { backend } = renderApp();
    const search = await screen.findByRole("searchbox", { name: "Search tickets" });
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    search.focus();
    paste(search, "countersign://ticket/D-0101");
    search.blur();
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).not.toHaveAttribute("aria-current");

    paste(document.body, "some text");
    paste(document.body, "  https://acme.zendesk.com/agent/tickets/D-0102  ");
    await selected("D-0102");
    expect(backend.callsTo("openTicket").at(-1)).toEqual(["D-0102"]);
  });

  it("opens a ticket outside the agent's queue, and says when there is no such ticket", async () => {
    const { backend } = renderApp();
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    act(() => backend.emitOpenLink("countersign://ticket/D-0105"));
    expect(await screen.findByRole("region", { name: "Conversation" })).toHaveTextContent("Charged twice");

    act(() => backend.emitOpenLink("countersign://ticket/D-9999"));
    await waitFor(() => expect(toast()).toHaveTextContent("There is no ticket D-9999."));
    expect(toast()).toHaveClass("toast--error");

    act(() => backend.emitOpenLink("countersign://customer/evelyn"));
    await waitFor(() => expect(toast()).toHaveTextContent("The link countersign://customer/evelyn does not point at a ticket."));
  });

  it("stops listening when the desk closes", async () => {
    const backend = new FakeBackend();
    const { unmount } = renderApp(backend);
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    expect(backend.openLinkListeners).toBe(1);
    unmount();
    expect(backend.openLinkListeners).toBe(0);
  });
});
