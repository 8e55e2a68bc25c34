import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { INTERACTIVE_MARK } from "./components/Queue";
import { FakeBackend } from "./ipc/fake";
import { renderApp } from "./test/render";

async function openTicket(user: ReturnType<typeof renderApp>["user"], id: string) {
  await user.click(await screen.findByRole("button", { name: `Open ticket ${id}` }));
  return screen.findByRole("region", { name: "Proposal" });
}

describe("layout and queue", () => {
  it("shows the app name, the agents and the queue, with nothing selected", async () => {
    renderApp();
    expect(screen.getByRole("heading", { name: "Countersign" })).toBeInTheDocument();
    const queue = screen.getByRole("navigation", { name: "Ticket queue" });
    expect(within(queue).getByText("Loading tickets…")).toBeInTheDocument();

    const items = await within(queue).findAllByRole("button", { name: /^Open ticket / });
    expect(items.map((b) => b.getAttribute("aria-label"))).toEqual([
      "Open ticket D-0101",
      "Open ticket D-0102",
      "Open ticket D-0103",
      "Open ticket D-0104",
    ]);
    // Subject, or the preview when there is none; sender; intent; state badge.
    const first = items[0]!;
    expect(first).toHaveTextContent("hi! two things");
    expect(first).toHaveTextContent("Evelyn Moore");
    expect(first).toHaveTextContent("cancel order");
    expect(first).toHaveTextContent("ready");
    expect(items[1]).toHaveTextContent("Water bottle arrived cracked");
    expect(items[1]).toHaveTextContent("escalated");
    expect(items[3]).toHaveTextContent("reply only");

    const picker = await screen.findByRole("combobox", { name: "Approving agent" });
    await waitFor(() => expect(picker).toHaveValue("agent_ana"));
    expect(within(picker).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "Ana Ruiz (agent)",
      "Sam Okafor (senior)",
      "Fay Lin (finance)",
    ]);

    const main = screen.getByRole("main", { name: "Ticket" });
    expect(within(main).getByText("Select a ticket from the queue.")).toBeInTheDocument();
  });

  it("filters by id, subject, sender and preview, ignoring case", async () => {
    const { user } = renderApp();
    const queue = screen.getByRole("navigation", { name: "Ticket queue" });
    await within(queue).findAllByRole("button", { name: /^Open ticket / });
    const search = within(queue).getByRole("searchbox", { name: "Search tickets" });
    const shown = () => within(queue).queryAllByRole("button", { name: /^Open ticket / }).map((b) => b.getAttribute("aria-label"));

    await user.type(search, "COFFEE");
    expect(shown()).toEqual(["Open ticket D-0103"]);

    await user.clear(search);
    await user.type(search, "d-0104");
    expect(shown()).toEqual(["Open ticket D-0104"]);

    await user.clear(search);
    await user.type(search, "two things"); // the preview of D-0101
    expect(shown()).toEqual(["Open ticket D-0101"]);

    await user.clear(search);
    await user.type(search, "evelyn");
    expect(shown()).toHaveLength(3);

    await user.clear(search);
    await user.type(search, "zzz");
    expect(shown()).toEqual([]);
    expect(within(queue).getByText(/No tickets match/)).toBeInTheDocument();
  });

  it("shows an alert when the queue cannot load, and can retry", async () => {
    const backend = new FakeBackend();
    backend.failNext("listQueue", "database is locked");
    const { user } = renderApp(backend);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("database is locked");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("button", { name: "Open ticket D-0101" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("marks the selected ticket", async () => {
    const { user } = renderApp();
    await openTicket(user, "D-0102");
    expect(screen.getByRole("button", { name: "Open ticket D-0102" })).toHaveAttribute("aria-current", "true");
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).not.toHaveAttribute("aria-current");
  });
});

describe("start-up warm-up", () => {
  it("renders the first ticket out of sight once, leaves nothing behind, then marks the desk interactive", async () => {
    performance.clearMarks(INTERACTIVE_MARK);
    const { backend } = renderApp();
    await waitFor(() => expect(performance.getEntriesByName(INTERACTIVE_MARK)).toHaveLength(1));
    expect(backend.callsTo("openTicket")).toEqual([["D-0101"]]);
    // The hidden view is gone: no proposal, conversation or reply editor anywhere.
    expect(document.querySelector('section[aria-label="Proposal"]')).toBeNull();
    expect(document.querySelector(".warm-up")).toBeNull();
    expect(screen.getByText("Select a ticket from the queue.")).toBeInTheDocument();
  });

  it("still marks the desk interactive when the warm-up cannot open the ticket", async () => {
    performance.clearMarks(INTERACTIVE_MARK);
    const backend = new FakeBackend();
    backend.failNext("openTicket", "No ticket D-0101.", "not_found");
    renderApp(backend);
    await waitFor(() => expect(performance.getEntriesByName(INTERACTIVE_MARK)).toHaveLength(1));
    expect(screen.queryByRole("alert")).toBeNull();
  });
});

describe("ticket view", () => {
  it("shows the conversation, the customer and the proposal", async () => {
    const { user, backend } = renderApp();
    await openTicket(user, "D-0101");
    // Once out of sight at start-up to warm the ticket view up (the queue's first
    // ticket), once for the click.
    expect(backend.callsTo("openTicket")).toEqual([["D-0101"], ["D-0101"]]);

    const conversation = screen.getByRole("region", { name: "Conversation" });
    expect(within(conversation).getByRole("heading", { name: "(no subject)" })).toBeInTheDocument();
    expect(within(conversation).getByText("hi! two things")).toBeInTheDocument();
    // Line breaks are kept in the text (CSS pre-wrap shows them).
    const body = within(conversation).getByText(/where is my desk lamp/);
    expect(body).toHaveClass("message__body");
    expect(body.textContent).toContain("the e-reader\n2) where is my desk lamp??");

    const customer = screen.getByRole("region", { name: "Customer" });
    expect(within(customer).getByRole("heading", { name: "Evelyn Moore" })).toBeInTheDocument();
    expect(customer).toHaveTextContent("evelyn.moore7564@example.com");
    expect(customer).toHaveTextContent("evelyn_moore_6558");
    expect(customer).toHaveTextContent("829 Maple Drive, Suite 100, Denver, CO 80202, USA");
    expect(customer).toHaveTextContent("Visa ending 9212");
    expect(customer).toHaveTextContent("PayPal");
    expect(customer).toHaveTextContent("Gift card (balance $40.00)");
    expect(customer).toHaveTextContent("sub_1001");
    expect(customer).toHaveTextContent("Coffee Club monthly");
    expect(customer).toHaveTextContent("Orders (3)");
    // The order the proposal cancels is open; the others are folded.
    const orders = customer.querySelectorAll("details");
    expect([...orders].map((d) => [d.querySelector("summary .order__id")?.textContent, d.open])).toEqual([
      ["#W4308578", true],
      ["#W9921045", false],
      ["#W1000777", false],
    ]);
    // Totals are exact: 0.10 + 0.20 refunded.
    expect(orders[2]).toHaveTextContent("Paid$67.94");
    expect(orders[2]).toHaveTextContent("Refunded$0.30");

    const proposal = screen.getByRole("region", { name: "Proposal" });
    expect(proposal).toHaveTextContent("cancel order");
    expect(proposal).toHaveTextContent("93%");
    const card = within(proposal).getByRole("article", { name: "Action 1: cancel_order" });
    expect(card).toHaveTextContent("Cancel order #W4308578 — reason: no longer needed");
    expect(card).toHaveTextContent("allowed");
    expect(card).toHaveTextContent("R5");
    expect(card).toHaveTextContent("Order #W4308578 is still pending, so any agent may cancel it.");
    expect(within(card).getByRole("button", { name: "Approve action 1" })).toBeEnabled();
    expect(within(proposal).queryByRole("region", { name: "Handoff" })).not.toBeInTheDocument();

    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveValue(
      "Hi Evelyn,\n\nI can cancel order #W4308578 (thermostat and e-reader) for you.\n\n" +
        "Your desk lamp (order #W9921045) has shipped: tracking number 649807814716.\n\nBest,\nSupport",
    );
    const audit = screen.getByRole("region", { name: "Audit trail" });
    expect(await within(audit).findByText("No approvals recorded yet.")).toBeInTheDocument();
  });

  it("disables Approve for needs-approval and denied actions, and shows the handoff", async () => {
    const { user } = renderApp();
    const proposal = await openTicket(user, "D-0102");

    const refund = within(proposal).getByRole("article", { name: "Action 1: refund" });
    expect(refund).toHaveTextContent("Refund $47.84 on order #W1000777 — reason: damaged");
    expect(refund).toHaveTextContent("needs approval");
    expect(refund).toHaveTextContent("R19");
    expect(refund).toHaveTextContent("Needs senior approval");
    expect(within(refund).getByRole("textbox", { name: "Refund amount" })).toHaveValue("47.84");
    expect(within(refund).getByRole("button", { name: "Approve action 1" })).toBeDisabled();
    // An earlier refused outcome is shown in the card.
    expect(within(refund).getByRole("status")).toHaveTextContent("refused: Refused: past the agent's daily limit of $300.00 (R19).");

    const reship = within(proposal).getByRole("article", { name: "Action 2: reship" });
    expect(reship).toHaveTextContent("denied");
    expect(reship).toHaveTextContent("R11");
    expect(reship).toHaveTextContent("R12");
    expect(reship).toHaveTextContent("An item cannot be both refunded and reshipped.");
    expect(reship).not.toHaveTextContent("approval");
    expect(within(reship).getByRole("button", { name: "Approve action 2" })).toBeDisabled();

    const handoff = within(proposal).getByRole("region", { name: "Handoff" });
    expect(within(handoff).getByRole("combobox", { name: "Queue" })).toHaveValue("senior_support");
    expect(handoff).toHaveTextContent("R19");
    expect(within(handoff).getByRole("textbox", { name: "Handoff summary" })).toHaveValue(
      "Customer reports the water bottle from #W1000777 arrived cracked.\nProposed: refund $47.84 to Visa ending 9212.",
    );

    const audit = screen.getByRole("region", { name: "Audit trail" });
    const entry = await within(audit).findByRole("listitem");
    expect(entry).toHaveTextContent("#1");
    expect(entry).toHaveTextContent("agent_ana (agent)");
    expect(entry).toHaveTextContent("refund");
    expect(entry).toHaveTextContent("refused");
    expect(entry).toHaveTextContent("Rules: R19");
  });

  it("says when the customer is not identified", async () => {
    const { user } = renderApp();
    const proposal = await openTicket(user, "D-0104");
    expect(screen.getByRole("region", { name: "Customer" })).toHaveTextContent("Customer not identified");
    expect(proposal).toHaveTextContent("out of scope");
    expect(within(proposal).queryByRole("article")).not.toBeInTheDocument();
  });

  it("shows an alert when a ticket cannot be opened", async () => {
    const backend = new FakeBackend();
    const { user } = renderApp(backend);
    await waitFor(() => expect(backend.callsTo("openTicket")).toHaveLength(1)); // the warm-up
    backend.failNext("openTicket", "No ticket D-0101.", "not_found");
    await user.click(await screen.findByRole("button", { name: "Open ticket D-0101" }));
    const main = screen.getByRole("main", { name: "Ticket" });
    expect(await within(main).findByRole("alert")).toHaveTextContent("No ticket D-0101.");
  });

  it("uses no inline styles", async () => {
    const { user, container } = renderApp();
    await openTicket(user, "D-0102");
    expect(container.querySelectorAll("[style]")).toHaveLength(0);
  });
});

describe("approving", () => {
  it("sends the selected agent, then shows the outcome, the new reply, the audit entry and the queue state", async () => {
    const backend = new FakeBackend();
    const release = backend.hold("approveAction");
    const { user } = renderApp(backend);
    const picker = screen.getByRole("combobox", { name: "Approving agent" });
    await waitFor(() => expect(picker).toHaveValue("agent_ana"));
    await user.selectOptions(picker, "agent_sam");
    expect(picker).toHaveValue("agent_sam");
    const proposal = await openTicket(user, "D-0101");
    const reply = screen.getByRole("textbox", { name: "Reply" });
    await user.type(reply, " (local edit)");

    const card = within(proposal).getByRole("article", { name: "Action 1: cancel_order" });
    const approve = within(card).getByRole("button", { name: "Approve action 1" });
    await user.click(approve);

    // While the request runs (the fixtures' undo window is 0 s).
    expect(approve).toBeDisabled();
    expect(approve).toHaveTextContent("Carrying out…");
    expect(screen.getByRole("region", { name: "Approvals" })).toHaveTextContent("Carrying out… Cancelling order #W4308578");
    expect(backend.callsTo("approveAction")).toEqual([["D-0101", 0, "agent_sam", null]]);

    release();
    await waitFor(() => expect(within(card).getByRole("status")).toHaveTextContent("executed"));
    expect(within(card).getByRole("status")).toHaveTextContent(
      "Executed: Cancel order #W4308578 — reason: no longer needed.",
    );
    expect(approve).toBeDisabled();
    expect(approve).toHaveTextContent("Approve");

    // The reply is replaced by the new one, local edits and all.
    const newReply = (screen.getByRole("textbox", { name: "Reply" }) as HTMLTextAreaElement).value;
    expect(newReply).toContain("I have cancelled order #W4308578");
    expect(newReply).not.toContain("(local edit)");

    // A banner with the message.
    const main = screen.getByRole("main", { name: "Ticket" });
    const banners = within(main).getAllByRole("status").filter((s) => s.classList.contains("toast"));
    expect(banners).toHaveLength(1);
    expect(banners[0]).toHaveTextContent("Executed: Cancel order #W4308578");

    // The audit trail and the queue are reloaded.
    const audit = screen.getByRole("region", { name: "Audit trail" });
    const entry = await within(audit).findByRole("listitem");
    expect(entry).toHaveTextContent("agent_sam (senior)");
    expect(entry).toHaveTextContent("cancel order");
    expect(entry).toHaveTextContent("executed");
    expect(entry).toHaveTextContent("Rules: R5");
    expect(backend.callsTo("listAudit")).toEqual([["D-0101"], ["D-0101"]]);
    await waitFor(() => expect(screen.getByRole("button", { name: "Open ticket D-0101" })).toHaveTextContent("done"));
    // Loaded for Ana, again for Sam once picked, and after the approval.
    expect(backend.callsTo("listQueue")).toEqual([["agent_ana"], ["agent_sam"], ["agent_sam"]]);
    expect(screen.queryByRole("region", { name: "Approvals" })).not.toBeInTheDocument();
  });

  it("uses the first agent by default", async () => {
    const { user, backend } = renderApp();
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Approving agent" })).toHaveValue("agent_ana"));
    const proposal = await openTicket(user, "D-0103");
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0103", 0, "agent_ana", null]]));
    expect(await within(proposal).findByRole("status")).toHaveTextContent("executed");
  });

  it("works from the keyboard: j opens the first ticket, a approves, e goes to the reply, ? shows the keys", async () => {
    const { user, backend } = renderApp();
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Approving agent" })).toHaveValue("agent_ana"));
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    await user.keyboard("j");
    const proposal = await screen.findByRole("region", { name: "Proposal" });
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).toHaveAttribute("aria-current", "true");
    await user.keyboard("a");
    await waitFor(() => expect(backend.callsTo("approveAction")).toEqual([["D-0101", 0, "agent_ana", null]]));
    expect(await within(proposal).findByRole("status")).toHaveTextContent("executed");
    await user.keyboard("e");
    expect(screen.getByRole("textbox", { name: "Reply" })).toHaveFocus();
    // Typing in the reply is text: "a" approves nothing more.
    await user.keyboard("a");
    expect(backend.callsTo("approveAction")).toHaveLength(1);
    await user.click(document.body);
    await user.keyboard("?");
    expect(screen.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog", { name: "Keyboard shortcuts" })).not.toBeInTheDocument();
  });

  it("shows an alert when the approval fails, and stays usable", async () => {
    const backend = new FakeBackend();
    backend.failNext("approveAction", "database is locked");
    const { user } = renderApp(backend);
    const proposal = await openTicket(user, "D-0101");
    const approve = within(proposal).getByRole("button", { name: "Approve action 1" });
    await user.click(approve);

    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    expect(approve).toBeEnabled();
    expect(approve).toHaveTextContent("Approve");
    expect((screen.getByRole("textbox", { name: "Reply" }) as HTMLTextAreaElement).value).toContain("I can cancel");

    // Trying again works and clears the alert.
    await user.click(approve);
    expect(await within(proposal).findByRole("status")).toHaveTextContent("executed");
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("policy", () => {
  it("names the policy in force", async () => {
    renderApp();
    expect(await screen.findByText("Policy: Sandbox store support policy v1")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("says when a policy file was refused, with its line, and which policy stays", async () => {
    const backend = new FakeBackend();
    backend.setPolicyProblem({ path: "/data/policy.toml", line: 98, message: "tiers.agent.per_action: `100.005` has more than two decimal places" });
    renderApp(backend);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("/data/policy.toml was refused (line 98: tiers.agent.per_action");
    expect(alert).toHaveTextContent("Sandbox store support policy v1 from the shipped sandbox policy stays in force");
  });
});

describe("audit log view", () => {
  it("opens from the header, shows a new approval, and goes back to the ticket", async () => {
    const { user, backend } = renderApp();
    const proposal = await openTicket(user, "D-0101");
    await user.click(within(proposal).getByRole("button", { name: "Approve action 1" }));
    expect(await within(proposal).findByRole("status")).toHaveTextContent("executed");

    const tickets = screen.getByRole("button", { name: "Tickets" });
    const auditLog = screen.getByRole("button", { name: "Audit log" });
    expect(tickets).toHaveAttribute("aria-pressed", "true");
    await user.click(auditLog);
    expect(auditLog).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByRole("navigation", { name: "Ticket queue" })).not.toBeInTheDocument();

    const page = screen.getByRole("main", { name: "Audit log" });
    expect(within(page).getByRole("heading", { name: "Audit log", level: 2 })).toBeInTheDocument();
    await user.type(within(page).getByRole("searchbox", { name: "Ticket id" }), "D-0101");
    await waitFor(() =>
      expect(backend.callsTo("searchAudit").at(-1)).toEqual([
        { ticket_id: "D-0101", customer_id: null, agent_id: null, action: null, outcome: null },
      ]),
    );
    expect(await within(page).findByText("1 entry, newest first")).toBeInTheDocument();
    const entry = within(page).getByRole("article", { name: "Audit entry 6" });
    expect(entry).toHaveTextContent("Cancel order #W4308578 — reason: no longer needed");
    expect(entry).toHaveTextContent("R5");
    expect(entry).toHaveTextContent("sandbox");

    await user.click(tickets);
    expect(await screen.findByRole("region", { name: "Proposal" })).toHaveTextContent("#W4308578");
    expect(screen.getByRole("button", { name: "Open ticket D-0101" })).toHaveAttribute("aria-current", "true");
  });
});
