import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp } from "../test/render";

type User = ReturnType<typeof renderApp>["user"];

async function open(user: User, id: string) {
  await user.click(await screen.findByRole("button", { name: `Open ticket ${id}` }));
  return screen.findByRole("region", { name: "Proposal" });
}

const queueIds = () =>
  within(screen.getByRole("navigation", { name: "Ticket queue" }))
    .getAllByRole("button", { name: /^Open ticket / })
    .map((b) => b.getAttribute("aria-label"));

const toast = () =>
  within(screen.getByRole("main", { name: "Ticket" }))
    .getAllByRole("status")
    .find((s) => s.classList.contains("toast"));

describe("handoff review", () => {
  it("routes an escalated ticket with the summary and queue as the agent edited them, then moves on", async () => {
    const { user, backend } = renderApp();
    const proposal = await open(user, "D-0102");
    const handoff = within(proposal).getByRole("region", { name: "Handoff" });
    expect(handoff).toHaveTextContent("R19");
    const summary = within(handoff).getByRole("textbox", { name: "Handoff summary" });
    const queue = within(handoff).getByRole("combobox", { name: "Queue" });
    expect(queue).toHaveValue("senior_support");
    expect(within(queue).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Billing",
      "Trust & Safety",
      "Senior support",
      "General",
    ]);
    expect(within(handoff).getByRole("button", { name: "Route to Senior support" })).toBeEnabled();

    await user.type(summary, "\nCustomer sent a photo.");
    await user.selectOptions(queue, "billing");
    await user.click(within(handoff).getByRole("button", { name: "Route to Billing" }));

    await waitFor(() => expect(toast()).toHaveTextContent("Routed to Billing."));
    expect(backend.callsTo("routeTicket")).toEqual([
      [
        {
          ticket_id: "D-0102",
          agent_id: "agent_ana",
          queue: "billing",
          summary:
            "Customer reports the water bottle from #W1000777 arrived cracked.\nProposed: refund $47.84 to Visa ending 9212.\nCustomer sent a photo.",
        },
      ],
    ]);
    // Ana does not work billing: the ticket leaves her queue, and the next one opens.
    await waitFor(() => expect(queueIds()).toEqual(["Open ticket D-0101", "Open ticket D-0103", "Open ticket D-0104"]));
    expect(screen.getByRole("button", { name: "Open ticket D-0103" })).toHaveAttribute("aria-current", "true");
    expect(await screen.findByRole("region", { name: "Conversation" })).toHaveTextContent("Pause my coffee");
    expect(toast()).toHaveTextContent("Routed to Billing.");
  });

  it("escalates a ticket by hand with x, from a summary of what was proposed", async () => {
    const { user, backend } = renderApp();
    const proposal = await open(user, "D-0101");
    expect(within(proposal).queryByRole("region", { name: "Handoff" })).not.toBeInTheDocument();
    await user.keyboard("x");
    const handoff = within(proposal).getByRole("region", { name: "Handoff" });
    const summary = within(handoff).getByRole("textbox", { name: "Handoff summary" });
    expect(summary).toHaveFocus();
    expect(summary).toHaveValue(
      [
        "Evelyn Moore (evelyn_moore_6558) asks about: cancel order (ticket D-0101).",
        "Proposed:",
        "- Cancel order #W4308578 — reason: no longer needed (allowed; R5)",
        "Escalated by hand from the desk.",
      ].join("\n"),
    );
    expect(handoff).toHaveTextContent("none: escalated by the agent");
    await user.click(within(handoff).getByRole("button", { name: "Route to Senior support" }));
    await waitFor(() => expect(toast()).toHaveTextContent("Routed to Senior support."));
    expect(backend.callsTo("routeTicket")[0]![0]).toMatchObject({ ticket_id: "D-0101", queue: "senior_support" });
    await waitFor(() => expect(screen.getByRole("button", { name: "Open ticket D-0102" })).toHaveAttribute("aria-current", "true"));
    expect(queueIds()).not.toContain("Open ticket D-0101");
  });

  it("opens the same editor from the Escalate button, and Cancel closes it", async () => {
    const { user } = renderApp();
    const proposal = await open(user, "D-0104");
    await user.click(within(proposal).getByRole("button", { name: "Escalate" }));
    const handoff = within(proposal).getByRole("region", { name: "Handoff" });
    expect(within(handoff).getByRole("textbox", { name: "Handoff summary" })).toHaveFocus();
    await user.clear(within(handoff).getByRole("textbox", { name: "Handoff summary" }));
    expect(handoff).toHaveTextContent("Write what the queue needs to know.");
    expect(within(handoff).getByRole("button", { name: "Route to Senior support" })).toBeDisabled();
    await user.click(within(handoff).getByRole("button", { name: "Cancel" }));
    expect(within(proposal).queryByRole("region", { name: "Handoff" })).not.toBeInTheDocument();
  });

  it("keeps a ticket routed to the agent's own queue, and says why routing failed", async () => {
    const { user, backend } = renderApp();
    const proposal = await open(user, "D-0103");
    await user.keyboard("x");
    const handoff = within(proposal).getByRole("region", { name: "Handoff" });
    backend.failNext("routeTicket", "Ticket D-0103 is solved; there is nothing to hand off.", "invalid_input");
    await user.click(within(handoff).getByRole("button", { name: "Route to Senior support" }));
    expect(await within(handoff).findByRole("alert")).toHaveTextContent(
      "Could not route the ticket: Ticket D-0103 is solved; there is nothing to hand off.",
    );

    await user.selectOptions(within(handoff).getByRole("combobox", { name: "Queue" }), "general");
    await user.click(within(handoff).getByRole("button", { name: "Route to General" }));
    await waitFor(() => expect(toast()).toHaveTextContent("Routed to General."));
    // Ana works General: the ticket stays, first, for her.
    await waitFor(() => expect(queueIds()[0]).toBe("Open ticket D-0103"));
    const forYou = screen.getByRole("list", { name: "For you" });
    expect(within(forYou).getByRole("button", { name: "Open ticket D-0103" })).toHaveTextContent("General");
  });
});
