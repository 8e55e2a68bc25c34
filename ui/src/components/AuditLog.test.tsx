import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { BackendProvider } from "../ipc/BackendContext";
import type { AuditEntry, AuditQuery } from "../ipc/bindings";
import { FakeBackend } from "../ipc/fake";
import { agents, fixtures } from "../ipc/fixtures";
import { AuditLog } from "./AuditLog";

/** Answers each audit search only when told to, in any order. */
class SlowAuditFake extends FakeBackend {
  private answers: (() => void)[] = [];

  override searchAudit(query: AuditQuery): Promise<AuditEntry[]> {
    return new Promise((resolve, reject) => {
      this.answers.push(() => super.searchAudit(query).then(resolve, reject));
    });
  }

  get asked(): number {
    return this.answers.length;
  }

  answer(index: number): void {
    this.answers[index]!();
  }
}

const ANY: AuditQuery = { ticket_id: null, customer_id: null, agent_id: null, action: null, outcome: null };

function renderLog(backend: FakeBackend = new FakeBackend()) {
  const user = userEvent.setup();
  render(
    <BackendProvider backend={backend}>
      <AuditLog agents={agents} />
    </BackendProvider>,
  );
  return { user, backend };
}

const lastQuery = (backend: FakeBackend) => backend.callsTo("searchAudit").at(-1)?.[0];

/** The group headings shown, in order ("Approval 2", "Entry 1", …). */
function groupTitles(): string[] {
  const list = screen.queryByRole("list", { name: "Audit entries" });
  if (!list) return [];
  return within(list)
    .getAllByRole("heading", { level: 3 })
    .map((h) => h.firstChild?.textContent ?? "");
}

describe("audit log", () => {
  it("shows the whole log newest first, one approval's entries together, oldest first", async () => {
    const { backend } = renderLog();
    expect(await screen.findByText("5 entries, newest first")).toBeInTheDocument();
    expect(backend.callsTo("searchAudit")).toEqual([[ANY]]);
    expect(groupTitles()).toEqual(["Approval 2", "Approval 1", "Entry 1"]);

    const approval = screen.getByRole("region", { name: /^Approval 1/ });
    const [intent, outcome] = within(approval).getAllByRole("article");
    expect(intent).toHaveAccessibleName("Audit entry 2");
    expect(intent).toHaveTextContent("Intent: approved, before it ran");
    expect(outcome).toHaveAccessibleName("Audit entry 3");
    expect(outcome).toHaveTextContent("Outcome: after it ran");
    expect(outcome).toHaveTextContent("Nov 21, 2026, 16:05 UTC");
    expect(outcome).toHaveTextContent("Sam Okafor (agent_sam), senior");
    expect(outcome).toHaveTextContent("TicketD-0098");
    expect(outcome).toHaveTextContent("Customerevelyn_moore_6558");
    expect(outcome).toHaveTextContent("Refund $25.00 on order #W9921045 — reason: late");
    expect(outcome).toHaveTextContent("allowed Rules: R16R19");
    expect(outcome).toHaveTextContent("A late delivery may be refunded in part");
    expect(outcome).toHaveTextContent("executed Refunded $25.00 on order #W9921045");
    expect(outcome).toHaveTextContent("Systemsandbox · reference refund-000017");
    // An intent has not run anywhere yet.
    expect(intent).not.toHaveTextContent("System");

    const refusal = screen.getByRole("article", { name: "Audit entry 1" });
    expect(refusal).toHaveTextContent("Refusal: not run");
    expect(refusal).toHaveTextContent("Needs approval by: senior");
    expect(refusal).toHaveTextContent("refused Refused: past the agent's daily limit");
  });

  it("asks the back end with every filter set, and shows what it answers", async () => {
    const { user, backend } = renderLog();
    await screen.findByText("5 entries, newest first");

    await user.selectOptions(screen.getByRole("combobox", { name: "Outcome" }), "executed");
    await waitFor(() => expect(lastQuery(backend)).toEqual({ ...ANY, outcome: "executed" }));
    expect(await screen.findByText("2 entries, newest first")).toBeInTheDocument();
    expect(groupTitles()).toEqual(["Approval 2", "Approval 1"]);

    await user.selectOptions(screen.getByRole("combobox", { name: "Agent" }), "agent_sam");
    await user.selectOptions(screen.getByRole("combobox", { name: "Action type" }), "refund");
    await waitFor(() =>
      expect(lastQuery(backend)).toEqual({ ...ANY, agent_id: "agent_sam", action: "refund", outcome: "executed" }),
    );
    expect(await screen.findByText("1 entry, newest first")).toBeInTheDocument();

    // Text waits for typing to pause, then asks once, trimmed.
    const calls = backend.callsTo("searchAudit").length;
    await user.type(screen.getByRole("searchbox", { name: "Ticket id" }), " D-0098 ");
    await user.type(screen.getByRole("searchbox", { name: "Customer id" }), "evelyn_moore_6558");
    await waitFor(() =>
      expect(lastQuery(backend)).toEqual({
        ticket_id: "D-0098",
        customer_id: "evelyn_moore_6558",
        agent_id: "agent_sam",
        action: "refund",
        outcome: "executed",
      }),
    );
    expect(backend.callsTo("searchAudit").length).toBeLessThanOrEqual(calls + 2);
    expect(screen.getByRole("article", { name: "Audit entry 3" })).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(lastQuery(backend)).toEqual(ANY));
    expect(await screen.findByText("5 entries, newest first")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Clear filters" })).toBeDisabled();
  });

  it("offers every agent, action type and outcome by name", async () => {
    renderLog();
    const options = (name: string) =>
      within(screen.getByRole("combobox", { name })).getAllByRole("option").map((o) => o.textContent);
    expect(options("Agent")).toEqual(["All agents", "Ana Ruiz (agent)", "Sam Okafor (senior)", "Fay Lin (finance)"]);
    expect(options("Action type")).toHaveLength(16);
    expect(options("Action type")).toContain("cancel order");
    expect(options("Outcome")).toEqual([
      "Any outcome",
      "approved, running",
      "executed",
      "refused",
      "failed",
      "unconfirmed",
    ]);
    await screen.findByText("5 entries, newest first");
  });

  it("shows both versions of an action the agent edited, marking what changed", async () => {
    renderLog();
    const entry = await screen.findByRole("article", { name: "Audit entry 3" });
    const edit = within(entry).getByRole("group", { name: "Edited by the agent" });
    const proposed = within(edit).getByRole("group", { name: "As proposed" });
    const approved = within(edit).getByRole("group", { name: "As approved" });
    expect(proposed).toHaveTextContent("Refund $30.00 on order #W9921045");
    expect(approved).toHaveTextContent("Refund $25.00 on order #W9921045");
    expect(within(approved).getByText("Amount").closest("dt")).toHaveTextContent("Amount (edited)");
    expect(within(approved).getByText("Order").closest("dt")).toHaveTextContent(/^Order$/);
  });

  it("shows an action approved as proposed once", async () => {
    renderLog();
    const entry = await screen.findByRole("article", { name: "Audit entry 5" });
    expect(within(entry).queryByRole("group", { name: "Edited by the agent" })).not.toBeInTheDocument();
    expect(entry).toHaveTextContent("Cancel subscription sub_2040 at the end of the period");
    expect(entry).toHaveTextContent("Ana Ruiz (agent_ana), agent");
  });

  it("says when no entry matches the filters", async () => {
    const { user } = renderLog();
    await screen.findByText("5 entries, newest first");
    await user.selectOptions(screen.getByRole("combobox", { name: "Outcome" }), "failed");
    expect(await screen.findByRole("status")).toHaveTextContent("No audit entries match these filters.");
    expect(screen.queryByRole("list", { name: "Audit entries" })).not.toBeInTheDocument();
  });

  it("says when nothing has been recorded yet", async () => {
    renderLog(new FakeBackend({ ...fixtures, audit: [] }));
    expect(await screen.findByRole("status")).toHaveTextContent("Nothing has been recorded yet.");
  });

  it("shows an alert when the log cannot load, and can retry", async () => {
    const backend = new FakeBackend();
    backend.failNext("searchAudit", "database is locked");
    const { user } = renderLog(backend);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the audit log: database is locked");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("5 entries, newest first")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("drops an answer that arrives after a newer query's", async () => {
    const backend = new SlowAuditFake();
    const { user } = renderLog(backend);
    backend.answer(0);
    await screen.findByText("5 entries, newest first");
    await user.selectOptions(screen.getByRole("combobox", { name: "Outcome" }), "refused");
    await user.selectOptions(screen.getByRole("combobox", { name: "Outcome" }), "executed");
    await waitFor(() => expect(backend.asked).toBe(3));
    backend.answer(2);
    expect(await screen.findByText("2 entries, newest first")).toBeInTheDocument();
    backend.answer(1);
    await act(() => new Promise((r) => setTimeout(r, 20)));
    expect(screen.getByText("2 entries, newest first")).toBeInTheDocument();
    expect(screen.queryByRole("article", { name: "Audit entry 1" })).not.toBeInTheDocument();
  });
});

describe("audit log: replies and handoffs", () => {
  it("shows a reply the agent edited as drafted and as sent, and a note as an internal note", async () => {
    const backend = new FakeBackend();
    await backend.sendReply({
      ticket_id: "D-0103",
      agent_id: "agent_ana",
      text: "Hi Evelyn, paused until January.",
      visibility: "public",
      status: "solved",
    });
    await backend.sendReply({ ticket_id: "D-0103", agent_id: "agent_ana", text: "FYI", visibility: "internal", status: null });
    renderLog(backend);
    const reply = await screen.findByRole("article", { name: "Audit entry 6" });
    expect(reply).toHaveTextContent("Reply: sent on the ticket");
    expect(reply).toHaveTextContent("Reply sent");
    expect(within(reply).getByRole("group", { name: "As drafted" })).toHaveTextContent(
      "I can pause your Coffee Club subscription for one month.",
    );
    expect(within(reply).getByRole("group", { name: "As sent" })).toHaveTextContent("Hi Evelyn, paused until January.");
    expect(reply).not.toHaveTextContent("Verdict");
    expect(reply).toHaveTextContent("executed Reply sent; the ticket is solved.");

    const note = screen.getByRole("article", { name: "Audit entry 7" });
    expect(note).toHaveTextContent("Internal note");
    expect(note).toHaveTextContent("FYI");
  });

  it("shows a handoff the agent changed as proposed and as routed", async () => {
    const backend = new FakeBackend();
    await backend.routeTicket({ ticket_id: "D-0102", agent_id: "agent_sam", queue: "billing", summary: "Refund it." });
    await backend.routeTicket({ ticket_id: "D-0104", agent_id: "agent_sam", queue: "general", summary: "Partner ask." });
    renderLog(backend);
    const changed = await screen.findByRole("article", { name: "Audit entry 6" });
    expect(changed).toHaveTextContent("Handoff: routed to a queue");
    expect(changed).toHaveTextContent("Routed to Billing");
    const proposed = within(changed).getByRole("group", { name: "As proposed" });
    expect(proposed).toHaveTextContent("Senior support");
    expect(proposed).toHaveTextContent("arrived cracked");
    const routed = within(changed).getByRole("group", { name: "As routed" });
    expect(routed).toHaveTextContent("Billing");
    expect(routed).toHaveTextContent("Refund it.");

    // Escalated by hand: nothing was proposed to compare with.
    const byHand = screen.getByRole("article", { name: "Audit entry 7" });
    expect(byHand).toHaveTextContent("Routed to General");
    expect(byHand).toHaveTextContent("Partner ask.");
    expect(within(byHand).queryByRole("group", { name: "Edited by the agent" })).not.toBeInTheDocument();
  });
});
