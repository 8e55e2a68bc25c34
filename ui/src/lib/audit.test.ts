import { describe, expect, it } from "vitest";
import type { Action, AuditEntry } from "../ipc/bindings";
import { audit } from "../ipc/fixtures";
import { changedKeys, editedFrom, groupByApproval, isFiltered, NO_AUDIT_FILTERS, toAuditQuery } from "./audit";

const newestFirst = [...audit].sort((a, b) => b.audit_id - a.audit_id);
const entry = (id: number): AuditEntry => audit.find((e) => e.audit_id === id)!;

describe("audit helpers", () => {
  it("turns blank filters into no filter and trims text", () => {
    expect(toAuditQuery(NO_AUDIT_FILTERS)).toEqual({
      ticket_id: null,
      customer_id: null,
      agent_id: null,
      action: null,
      outcome: null,
    });
    expect(toAuditQuery({ ...NO_AUDIT_FILTERS, ticketId: "  D-0002 ", customerId: "   ", outcome: "executed" })).toEqual({
      ticket_id: "D-0002",
      customer_id: null,
      agent_id: null,
      action: null,
      outcome: "executed",
    });
    expect(isFiltered(NO_AUDIT_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_AUDIT_FILTERS, ticketId: " " })).toBe(false);
    expect(isFiltered({ ...NO_AUDIT_FILTERS, action: "refund" })).toBe(true);
  });

  it("groups an approval's intent and outcome, newest approval first, each told in order", () => {
    const groups = groupByApproval(newestFirst);
    expect(groups.map((g) => [g.approvalId, g.entries.map((e) => e.audit_id)])).toEqual([
      [2, [4, 5]],
      [1, [2, 3]],
      [null, [1]],
    ]);
  });

  it("sees an edit only where the approved action differs from the proposed one", () => {
    expect(editedFrom(entry(3))).toEqual(entry(3).proposed);
    expect(editedFrom(entry(5))).toBeNull();
    expect(editedFrom(entry(1))).toBeNull(); // no proposal behind it
    expect(changedKeys(entry(3).proposed!, entry(3).action!)).toEqual(new Set(["amount"]));

    // Key order and absent optional fields are not edits.
    const a: Action = { type: "refund", order_id: "#W1", amount: "5.00", refund_method_id: "pm", reason: "late" };
    const b = { reason: "late", refund_method_id: "pm", amount: "5.00", order_id: "#W1", type: "refund", item_ids: undefined } as Action;
    expect(editedFrom({ ...entry(3), action: a, proposed: b })).toBeNull();
  });
});
