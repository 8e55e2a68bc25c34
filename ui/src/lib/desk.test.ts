import { describe, expect, it } from "vitest";
import type { ActionOutcome, TicketView, Verdict } from "../ipc/bindings";
import { views } from "../ipc/fixtures";
import { canGive, defaultQueue, defaultReplyStatus, handoffSummary } from "./desk";

const view = (id: string): TicketView => structuredClone(views.find((v) => v.ticket.id === id)!);

function ran(index: number, outcome: ActionOutcome["outcome"] = "executed"): ActionOutcome {
  return { action_index: index, outcome, message: "", audit_id: 1, at: "2026-11-24T10:00:00Z" };
}

const needsSenior: Verdict = { decision: "needs_approval", rules: ["R19"], required_role: "senior", explanation: "" };

describe("desk rules", () => {
  it("lets a role give the approval a verdict asks for, and nobody override a denial", () => {
    expect(canGive({ ...needsSenior, decision: "allowed", required_role: null }, "agent")).toBe(true);
    expect(canGive(needsSenior, "agent")).toBe(false);
    expect(canGive(needsSenior, "senior")).toBe(true);
    expect(canGive(needsSenior, "finance")).toBe(true);
    expect(canGive(needsSenior, null)).toBe(false);
    expect(canGive({ ...needsSenior, decision: "denied", required_role: null }, "finance")).toBe(false);
  });

  it("solves a ticket by default once everything proposed ran", () => {
    const cancel = view("D-0101");
    expect(defaultReplyStatus(cancel)).toBe("open");
    cancel.outcomes = [ran(0, "failed")];
    expect(defaultReplyStatus(cancel)).toBe("open");
    cancel.outcomes = [ran(0, "failed"), ran(0)];
    expect(defaultReplyStatus(cancel)).toBe("solved");
  });

  it("solves a reply-only ticket by default unless it is escalated", () => {
    const replyOnly = view("D-0104");
    expect(defaultReplyStatus(replyOnly)).toBe("solved");
    replyOnly.ticket.status = "escalated";
    expect(defaultReplyStatus(replyOnly)).toBe("open");
  });

  it("writes a handoff summary from what the desk knows", () => {
    expect(handoffSummary(view("D-0101"))).toBe(
      [
        "Evelyn Moore (evelyn_moore_6558) asks about: cancel order (ticket D-0101).",
        "Proposed:",
        "- Cancel order #W4308578 — reason: no longer needed (allowed; R5)",
        "Escalated by hand from the desk.",
      ].join("\n"),
    );
    expect(handoffSummary(view("D-0104"))).toBe(
      [
        'partners@example.net asks about: out of scope (ticket D-0104, "Partnership opportunity").',
        "Proposed: a reply only.",
        "Escalated by hand from the desk.",
      ].join("\n"),
    );
    expect(defaultQueue("billing_issue")).toBe("billing");
    expect(defaultQueue("cancel_order")).toBe("senior_support");
  });
});
