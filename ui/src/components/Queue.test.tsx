import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderApp, withPrefs } from "../test/render";

const labels = (list: HTMLElement) =>
  within(list)
    .getAllByRole("button", { name: /^Open ticket / })
    .map((b) => b.getAttribute("aria-label"));

describe("queue", () => {
  it("puts the tickets routed to the agent's queues first, with the queue they were routed to", async () => {
    const { user, backend } = renderApp(withPrefs({ agent_id: "agent_fay" }));
    const forYou = await screen.findByRole("list", { name: "For you" });
    expect(labels(forYou)).toEqual(["Open ticket D-0105"]);
    const routed = within(forYou).getByRole("button", { name: "Open ticket D-0105" });
    expect(routed).toHaveTextContent("Billing");
    expect(routed).toHaveTextContent("Charged twice for my coffee");
    expect(routed).toHaveTextContent("billing issue");
    expect(routed).toHaveTextContent("escalated");
    expect(routed).toHaveTextContent("angry");
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).not.toHaveTextContent(/neutral|angry/);
    expect(labels(screen.getByRole("list", { name: "Other tickets" }))).toEqual([
      "Open ticket D-0101",
      "Open ticket D-0102",
      "Open ticket D-0103",
      "Open ticket D-0104",
    ]);
    expect(backend.callsTo("listQueue")).toEqual([["agent_fay"]]);

    // j walks the list as shown: for you first.
    await user.keyboard("j");
    expect(routed).toHaveAttribute("aria-current", "true");
    await user.keyboard("j");
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).toHaveAttribute("aria-current", "true");
  });

  it("says when nothing is routed to the agent, and follows the agent picked", async () => {
    const { user, backend } = renderApp();
    const nav = screen.getByRole("navigation", { name: "Ticket queue" });
    expect(await within(nav).findByText("Nothing routed to your queues.")).toBeInTheDocument();
    expect(within(nav).queryByRole("button", { name: "Open ticket D-0105" })).not.toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: "Approving agent" }), "agent_fay");
    expect(await within(nav).findByRole("button", { name: "Open ticket D-0105" })).toBeInTheDocument();
    expect(backend.callsTo("listQueue")).toEqual([["agent_ana"], ["agent_fay"]]);
  });

  it("opens the first match with Enter in the search field", async () => {
    const { user } = renderApp();
    const search = screen.getByRole("searchbox", { name: "Search tickets" });
    await screen.findByRole("button", { name: "Open ticket D-0103" });
    await user.type(search, "coffee{Enter}");
    await waitFor(() =>
      expect(screen.getByRole("button", { name: "Open ticket D-0103" })).toHaveAttribute("aria-current", "true"),
    );
    expect(await screen.findByRole("region", { name: "Proposal" })).toHaveTextContent("subscription change");
  });
});
