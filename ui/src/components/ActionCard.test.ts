import { describe, expect, it } from "vitest";
import type { ActionOutcome, Outcome, ProposedAction } from "../ipc/bindings";
import { canApprove } from "./ActionCard";

const allowed: ProposedAction = {
  type: "cancel_order",
  order_id: "#W4308578",
  reason: "no longer needed",
  verdict: { decision: "allowed", rules: ["R5"], required_role: null, explanation: "pending" },
};

function outcome(o: Outcome): ActionOutcome {
  return { action_index: 0, outcome: o, message: "", audit_id: 1, at: "2026-11-24T10:00:00Z" };
}

describe("canApprove", () => {
  it("offers an allowed action that has not run, or that failed or was refused", () => {
    expect(canApprove(allowed, undefined)).toBe(true);
    expect(canApprove(allowed, outcome("failed"))).toBe(true);
    expect(canApprove(allowed, outcome("refused"))).toBe(true);
  });

  it("holds an action that ran, is running or waits for its system to confirm", () => {
    expect(canApprove(allowed, outcome("executed"))).toBe(false);
    expect(canApprove(allowed, outcome("pending"))).toBe(false);
    expect(canApprove(allowed, outcome("unconfirmed"))).toBe(false);
  });

  it("offers what needs a higher role only to that role or above", () => {
    const needsSenior: ProposedAction = {
      ...allowed,
      verdict: { decision: "needs_approval", rules: ["R19"], required_role: "senior", explanation: "" },
    };
    expect(canApprove(needsSenior, undefined)).toBe(false);
    expect(canApprove(needsSenior, undefined, "agent")).toBe(false);
    expect(canApprove(needsSenior, undefined, "senior")).toBe(true);
    expect(canApprove(needsSenior, undefined, "finance")).toBe(true);
    // A live verdict on the agent's edit wins over the proposal's.
    expect(canApprove(needsSenior, undefined, "agent", allowed.verdict)).toBe(true);
    expect(canApprove(allowed, undefined, "finance", { ...allowed.verdict, decision: "denied" })).toBe(false);
  });

  it("never offers what the policy does not allow", () => {
    const denied = { ...allowed, verdict: { ...allowed.verdict, decision: "denied" as const } };
    expect(canApprove(denied, undefined)).toBe(false);
  });
});
