// The fake back end behaves as the real one where the UI relies on it; these
// tests say how, so a test that passes on the fake means something.
import { describe, expect, it } from "vitest";
import type { Action } from "./bindings";
import { FakeBackend } from "./fake";

const refund = (amount: string): Extract<Action, { type: "refund" }> => ({
  type: "refund",
  order_id: "#W1000777",
  amount,
  refund_method_id: "credit_card_7815826",
  reason: "damaged",
  item_ids: ["6469567736"],
});

const ids = (list: { id: string }[]) => list.map((t) => t.id);

describe("fake back end", () => {
  it("gives each agent the tickets routed to their queues first, and leaves out those routed elsewhere", async () => {
    const b = new FakeBackend();
    expect(ids(await b.listQueue(null))).toEqual(["D-0101", "D-0102", "D-0103", "D-0104", "D-0105"]);
    expect(ids(await b.listQueue("agent_ana"))).toEqual(["D-0101", "D-0102", "D-0103", "D-0104"]);
    const fay = await b.listQueue("agent_fay");
    expect(ids(fay)).toEqual(["D-0105", "D-0101", "D-0102", "D-0103", "D-0104"]);
    expect(fay[0]).toMatchObject({ for_you: true, queue: "billing", status: "escalated" });
    expect(fay[1]).toMatchObject({ for_you: false, queue: null });
    await expect(b.listQueue("agent_nobody")).rejects.toMatchObject({ code: "not_found" });
  });

  it("routing escalates the ticket with an internal note, and it leaves the queues of those who do not work it", async () => {
    const b = new FakeBackend();
    const view = await b.routeTicket({
      ticket_id: "D-0101",
      agent_id: "agent_ana",
      queue: "senior_support",
      summary: "  Wants a manager.  ",
    });
    expect(view.ticket).toMatchObject({ status: "escalated", queue: "senior_support" });
    expect(view.ticket.messages.at(-1)).toMatchObject({
      author: "agent",
      internal: true,
      body: "Handoff to senior support:\nWants a manager.",
    });
    expect(ids(await b.listQueue("agent_ana"))).not.toContain("D-0101");
    expect((await b.listQueue("agent_sam"))[0]).toMatchObject({ id: "D-0101", for_you: true });
    const [entry] = await b.listAudit("D-0101");
    expect(entry).toMatchObject({
      kind: "handoff",
      action: null,
      verdict: null,
      message: "Routed to the senior support queue.",
      event: { type: "handoff", queue: "senior_support", proposed_queue: null, summary: "Wants a manager." },
    });
    await expect(
      b.routeTicket({ ticket_id: "D-0101", agent_id: "agent_ana", queue: "general", summary: " " }),
    ).rejects.toMatchObject({ code: "invalid_input", message: "The handoff summary is empty." });
  });

  it("sending adds the message, sets the status and clears the draft; a note keeps it", async () => {
    const b = new FakeBackend();
    await b.saveDraft("D-0103", "Hi Evelyn, paused.");
    const note = await b.sendReply({
      ticket_id: "D-0103",
      agent_id: "agent_ana",
      text: "Checked with billing.",
      visibility: "internal",
      status: null,
    });
    expect(note.ticket.messages.at(-1)).toMatchObject({ body: "Checked with billing.", internal: true });
    expect(note.ticket.status).toBe("open");
    expect(note.draft).toBe("Hi Evelyn, paused.");

    const sent = await b.sendReply({
      ticket_id: "D-0103",
      agent_id: "agent_ana",
      text: "Hi Evelyn, paused.",
      visibility: "public",
      status: "solved",
    });
    expect(sent.ticket.messages.at(-1)).toMatchObject({ body: "Hi Evelyn, paused.", internal: false });
    expect(sent.ticket.status).toBe("solved");
    expect(sent.draft).toBeNull();
    expect((await b.listAudit("D-0103")).map((e) => [e.kind, e.message])).toEqual([
      ["reply", "Internal note added."],
      ["reply", "Reply sent; the ticket is solved."],
    ]);
    await expect(
      b.sendReply({ ticket_id: "D-0103", agent_id: "agent_ana", text: "x", visibility: "public", status: "escalated" }),
    ).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("judges a refund against what is still refundable (R15), what the items cost (R16) and the approver's limits (R19)", async () => {
    const b = new FakeBackend();
    const judge = (agent: string, amount: string) => b.judgeAction("D-0102", 0, agent, refund(amount));
    expect(await judge("agent_ana", "70.00")).toMatchObject({
      decision: "denied",
      rules: ["R15"],
      explanation: "$70.00 is more than the $67.64 still refundable on order #W1000777.",
    });
    expect(await judge("agent_ana", "50.00")).toMatchObject({
      decision: "denied",
      rules: ["R16"],
      explanation: "$50.00 is more than the $47.84 paid for the affected items.",
    });
    // Ana approved $260.00 today: $47.84 would pass her $300.00 a day; $30.00 would not.
    expect(await judge("agent_ana", "47.84")).toMatchObject({
      decision: "needs_approval",
      required_role: "senior",
      rules: ["R15", "R16", "R19"],
    });
    expect(await judge("agent_ana", "30.00")).toMatchObject({ decision: "allowed", rules: ["R15", "R16", "R19"] });
    expect(await judge("agent_sam", "47.84")).toMatchObject({ decision: "allowed" });
    expect(b.callsTo("approveAction")).toEqual([]);

    await expect(
      b.judgeAction("D-0102", 0, "agent_ana", { ...refund("10.00"), order_id: "#W9921045" }),
    ).rejects.toMatchObject({ message: "An edit cannot move an action to another order, subscription or customer." });
    await expect(
      b.judgeAction("D-0102", 0, "agent_ana", { type: "reship", order_id: "#W1000777", item_ids: [], reason: "damaged" }),
    ).rejects.toMatchObject({ message: "An edit cannot turn a refund into a reship." });
  });

  it("approves an edit as edited, keeping the proposal beside it in the audit", async () => {
    const b = new FakeBackend();
    const result = await b.approveAction("D-0102", 0, "agent_ana", refund("30.00"));
    expect(result.outcome).toBe("executed");
    const entry = (await b.listAudit("D-0102")).at(-1)!;
    expect(entry.action).toMatchObject({ amount: "30.00" });
    expect(entry.proposed).toMatchObject({ amount: "47.84" });
    // Counted against Ana's day now.
    expect(await b.judgeAction("D-0102", 0, "agent_ana", refund("20.00"))).toMatchObject({ decision: "needs_approval" });
  });

  it("fails an execution when told to, and keeps preferences and notifications in memory", async () => {
    const b = new FakeBackend();
    b.failNextExecution("The shop did not answer; nothing was changed. Try again.");
    expect(await b.approveAction("D-0101", 0, "agent_ana", null)).toMatchObject({
      outcome: "failed",
      message: "The shop did not answer; nothing was changed. Try again.",
    });
    expect((await b.approveAction("D-0101", 0, "agent_ana", null)).outcome).toBe("executed");

    const prefs = { agent_id: "agent_sam", notifications: false, always_on_top: true, undo_seconds: 12 };
    expect(await b.setPrefs(prefs)).toEqual(prefs);
    expect(await b.getPrefs()).toEqual(prefs);
    await expect(b.setPrefs({ ...prefs, undo_seconds: 31 })).rejects.toMatchObject({
      message: "The undo window is at most 30 seconds.",
    });
    expect(await b.notify("T", "B")).toBe(false);
    expect(b.notifications).toEqual([{ title: "T", body: "B", shown: false }]);

    b.setStartupLink("countersign://ticket/D-0101");
    expect(await b.takeStartupLink()).toBe("countersign://ticket/D-0101");
    expect(await b.takeStartupLink()).toBeNull();
  });
});
