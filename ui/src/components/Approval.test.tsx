import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { Action } from "../ipc/bindings";
import { FakeBackend } from "../ipc/fake";
import { renderApp, withPrefs } from "../test/render";

type User = ReturnType<typeof renderApp>["user"];

const refund = (amount: string): Action => ({
  type: "refund",
  order_id: "#W1000777",
  amount,
  refund_method_id: "credit_card_7815826",
  reason: "damaged",
  item_ids: ["6469567736"],
});

async function open(user: User, id: string) {
  await user.click(await screen.findByRole("button", { name: `Open ticket ${id}` }));
  return screen.findByRole("region", { name: "Proposal" });
}

async function asAgent(user: User, agentId: string) {
  const picker = screen.getByRole("combobox", { name: "Approving agent" });
  await waitFor(() => expect(picker).not.toBeDisabled());
  await user.selectOptions(picker, agentId);
}

async function refundCard(user: User) {
  const proposal = await open(user, "D-0102");
  return within(proposal).getByRole("article", { name: "Action 1: refund" });
}

describe("one-click approval of an edited refund", () => {
  it("judges the edited amount live and approves the refund as edited", async () => {
    const { user, backend } = renderApp();
    const card = await refundCard(user);
    const amount = within(card).getByRole("textbox", { name: "Refund amount" });
    const approve = within(card).getByRole("button", { name: "Approve action 1" });
    expect(approve).toBeDisabled();
    expect(card).toHaveTextContent("Needs senior approval");

    // More than the bottle cost: denied, whatever the limits.
    await user.clear(amount);
    await user.type(amount, "50");
    await waitFor(() => expect(card).toHaveTextContent("$50.00 is more than the $47.84 paid for the affected items."));
    expect(backend.callsTo("judgeAction")).toEqual([["D-0102", 0, "agent_ana", refund("50.00")]]);
    expect(card).toHaveTextContent("denied");
    expect(card).toHaveTextContent("The policy on the amount as edited:");
    expect(approve).toBeDisabled();

    // Within Ana's day: allowed, and the card says what will happen.
    await user.clear(amount);
    await user.type(amount, "30");
    await waitFor(() => expect(card).toHaveTextContent("A refund of $30.00 is within the agent limit."));
    expect(card).toHaveTextContent("Refund $30.00 on order #W1000777 — reason: damaged");
    expect(card).toHaveTextContent("Amount (edited)");
    expect(card).toHaveTextContent("Proposed: $47.84");
    expect(card).not.toHaveTextContent("Needs senior approval");
    expect(approve).toBeEnabled();

    await user.click(approve);
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0102", 0, "agent_ana", refund("30.00")]]));
    expect(await within(card).findByText(/Executed: Refund \$30\.00/)).toBeInTheDocument();
  });

  it("asks the policy once typing pauses, not at every key", async () => {
    const { user, backend } = renderApp();
    const card = await refundCard(user);
    const amount = within(card).getByRole("textbox", { name: "Refund amount" });
    await user.clear(amount);
    await user.type(amount, "25.75");
    await waitFor(() => expect(card).toHaveTextContent("A refund of $25.75 is within the agent limit."));
    expect(backend.callsTo("judgeAction")).toEqual([["D-0102", 0, "agent_ana", refund("25.75")]]);
  });

  it("explains an amount it cannot read, and does not let it be approved", async () => {
    const { user, backend } = renderApp();
    const card = await refundCard(user);
    const amount = within(card).getByRole("textbox", { name: "Refund amount" });
    await user.clear(amount);
    expect(card).toHaveTextContent("Enter an amount.");
    await user.type(amount, "12.345");
    expect(card).toHaveTextContent("Use at most two decimal places (cents).");
    expect(amount).toHaveAttribute("aria-invalid", "true");
    expect(amount).toHaveAccessibleDescription("Use at most two decimal places (cents).");
    expect(within(card).getByRole("button", { name: "Approve action 1" })).toBeDisabled();
    await new Promise((r) => setTimeout(r, 300));
    expect(backend.callsTo("judgeAction")).toEqual([]);
  });

  it("lets a senior approve what needs a senior, and sends no edit when the amount is back as proposed", async () => {
    const { user, backend } = renderApp();
    await asAgent(user, "agent_sam");
    const card = await refundCard(user);
    expect(card).toHaveTextContent("Needs senior approval: you are senior, so you can give it.");
    const amount = within(card).getByRole("textbox", { name: "Refund amount" });
    await user.clear(amount);
    await user.type(amount, "40");
    await waitFor(() => expect(card).toHaveTextContent("A refund of $40.00 is within the senior limit."));
    await user.clear(amount);
    await user.type(amount, "47.840");
    expect(card).toHaveTextContent("Use at most two decimal places");
    await user.type(amount, "{Backspace}");
    expect(card).not.toHaveTextContent("The policy on the amount as edited");
    await user.click(within(card).getByRole("button", { name: "Approve action 1" }));
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0102", 0, "agent_sam", null]]));
  });
});

describe("the undo window", () => {
  it("says what will run and when, and Undo or Escape takes it back", async () => {
    const { user, backend } = renderApp(withPrefs({ undo_seconds: 5 }));
    const proposal = await open(user, "D-0101");
    const approve = within(proposal).getByRole("button", { name: "Approve action 1" });
    await user.click(approve);

    const bar = screen.getByRole("region", { name: "Approvals" });
    expect(bar).toHaveTextContent("Cancelling order #W4308578 in 5 s");
    expect(bar).toHaveTextContent("ticket D-0101");
    expect(approve).toBeDisabled();
    expect(approve).toHaveTextContent("Approved: waiting");
    await user.click(within(bar).getByRole("button", { name: "Undo" }));
    expect(screen.queryByRole("region", { name: "Approvals" })).not.toBeInTheDocument();
    expect(approve).toBeEnabled();

    await user.keyboard("a");
    expect(screen.getByRole("region", { name: "Approvals" })).toHaveTextContent("in 5 s");
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Approvals" })).not.toBeInTheDocument();
    expect(backend.callsTo("approveAction")).toEqual([]);
  });

  it("names the refund and its amount, and Run now sends it at once", async () => {
    const { user, backend } = renderApp(withPrefs({ undo_seconds: 30, agent_id: "agent_sam" }));
    const card = await refundCard(user);
    const amount = within(card).getByRole("textbox", { name: "Refund amount" });
    await user.clear(amount);
    await user.type(amount, "45");
    await waitFor(() => expect(within(card).getByRole("button", { name: "Approve action 1" })).toBeEnabled());
    await user.click(within(card).getByRole("button", { name: "Approve action 1" }));
    const bar = screen.getByRole("region", { name: "Approvals" });
    expect(bar).toHaveTextContent("Refunding $45.00 in 30 s");
    expect(amount).toBeDisabled();

    await user.click(within(bar).getByRole("button", { name: "Run now" }));
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0102", 0, "agent_sam", refund("45.00")]]));
    expect(await within(card).findByText(/Executed: Refund \$45\.00/)).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Approvals" })).not.toBeInTheDocument();
  });

  it("sends the approval once the window has passed, even from another ticket", async () => {
    const { user, backend } = renderApp(withPrefs({ undo_seconds: 1 }));
    const proposal = await open(user, "D-0103");
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    expect(screen.getByRole("region", { name: "Approvals" })).toHaveTextContent("Pausing subscription sub_1001 in 1 s");
    await user.keyboard("j"); // on to D-0104
    await screen.findByText("No actions proposed: reply only.");
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0103", 0, "agent_ana", null]]), {
      timeout: 3000,
    });
    const main = screen.getByRole("main", { name: "Ticket" });
    await waitFor(() =>
      expect(within(main).getAllByRole("status").find((s) => s.classList.contains("toast"))).toHaveTextContent(
        "Ticket D-0103: Executed: Pause subscription sub_1001",
      ),
    );
    await user.click(screen.getByRole("button", { name: "Open ticket D-0103" }));
    const reopened = await screen.findByRole("region", { name: "Proposal" });
    expect(await within(reopened).findByRole("status")).toHaveTextContent("Executed: Pause subscription sub_1001");
  });
});

describe("when carrying out fails", () => {
  it("shows what to do next and retries at once", async () => {
    const backend = withPrefs({ undo_seconds: 5 });
    backend.failNextExecution("The sandbox store did not answer; nothing was changed. Try again in a minute.");
    const { user } = renderApp(backend);
    const proposal = await open(user, "D-0101");
    const card = within(proposal).getByRole("article", { name: "Action 1: cancel_order" });
    await user.click(within(card).getByRole("button", { name: "Approve action 1" }));
    await user.click(screen.getByRole("button", { name: "Run now" }));

    const alert = await within(card).findByRole("alert");
    expect(alert).toHaveTextContent("Failed: The sandbox store did not answer; nothing was changed. Try again in a minute.");
    await user.click(within(alert).getByRole("button", { name: "Retry action 1" }));
    // A retry is not held in the undo window.
    expect(screen.queryByText(/in 5 s/)).not.toBeInTheDocument();
    expect(await within(card).findByRole("status")).toHaveTextContent("executed");
    expect(backend.callsTo("approveAction")).toHaveLength(2);
    expect(within(card).queryByRole("alert")).not.toBeInTheDocument();
  });

  it("notifies the outcome of a long approval that ends while the desk is in the background", async () => {
    const backend = new FakeBackend();
    const release = backend.hold("approveAction");
    let clock = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => clock);
    const hasFocus = vi.spyOn(document, "hasFocus").mockReturnValue(true);
    const { user } = renderApp(backend);
    const proposal = await open(user, "D-0101");
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    clock += 4_000;
    hasFocus.mockReturnValue(false);
    release();
    await waitFor(() =>
      expect(backend.notifications).toEqual([
        {
          title: "Approval carried out",
          body: "Ticket D-0101: Executed: Cancel order #W4308578 — reason: no longer needed.",
          shown: true,
        },
      ]),
    );
  });

  it("does not notify a quick approval, nor one the agent watched", async () => {
    const backend = new FakeBackend();
    const release = backend.hold("approveAction");
    let clock = 1_000_000;
    vi.spyOn(Date, "now").mockImplementation(() => clock);
    vi.spyOn(document, "hasFocus").mockReturnValue(true);
    const { user } = renderApp(backend);
    const proposal = await open(user, "D-0101");
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    clock += 10_000;
    release();
    expect(await within(proposal).findByRole("status")).toHaveTextContent("executed");
    expect(backend.callsTo("notify")).toEqual([]);
  });
});
