import { describe, expect, it } from "vitest";
import type { Action, ActionKind } from "../ipc/bindings";
import { evelynContext } from "../ipc/fixtures";
import { describeAction, orderIdsOf } from "./actions";

const address = { address1: "1 Main St", address2: "", city: "Austin", state: "TX", country: "USA", zip: "73301" };

// One sample per action type; `satisfies` makes typecheck fail when the union grows.
const samples = {
  cancel_order: { type: "cancel_order", order_id: "#W1", reason: "ordered by mistake" },
  update_order_address: { type: "update_order_address", order_id: "#W1", address },
  modify_order_items: {
    type: "modify_order_items",
    order_id: "#W1",
    item_ids: ["a"],
    new_item_ids: ["b"],
    payment_method_id: "pm",
  },
  change_payment_method: { type: "change_payment_method", order_id: "#W1", payment_method_id: "pm" },
  return_items: { type: "return_items", order_id: "#W1", item_ids: ["a", "b"], refund_method_id: "pm" },
  exchange_items: {
    type: "exchange_items",
    order_id: "#W1",
    item_ids: ["a"],
    new_item_ids: ["b"],
    payment_method_id: "pm",
  },
  update_customer_address: { type: "update_customer_address", customer_id: "c1", address },
  refund: { type: "refund", order_id: "#W1", amount: "5.5", refund_method_id: "pm", reason: "late" },
  reship: { type: "reship", order_id: "#W1", item_ids: ["a"], reason: "wrong_item" },
  pause_subscription: { type: "pause_subscription", subscription_id: "s1", cycles: 2 },
  skip_renewal: { type: "skip_renewal", subscription_id: "s1" },
  resume_subscription: { type: "resume_subscription", subscription_id: "s1" },
  cancel_subscription: { type: "cancel_subscription", subscription_id: "s1", at_period_end: true },
  change_plan: { type: "change_plan", subscription_id: "s1", plan_id: "p1" },
  update_customer_email: { type: "update_customer_email", customer_id: "c1", email: "new@example.com" },
} satisfies { [K in ActionKind]: Extract<Action, { type: K }> };

describe("describeAction", () => {
  it.each(Object.values(samples) as Action[])("gives $type a title and its parameters", (action) => {
    const d = describeAction(action);
    expect(d.kind).toBe(action.type);
    expect(d.title.length).toBeGreaterThan(5);
    const keys = Object.keys(action).filter((k) => k !== "type");
    expect(d.params.map((p) => p.key)).toEqual(keys);
    for (const p of d.params) expect(p.values.length).toBeGreaterThan(0);
  });

  it("says in plain words what a cancellation does", () => {
    expect(describeAction({ type: "cancel_order", order_id: "#W4308578", reason: "no longer needed" }).title).toBe(
      "Cancel order #W4308578 — reason: no longer needed",
    );
  });

  it("formats money, reasons, booleans and addresses", () => {
    expect(describeAction(samples.refund).title).toBe("Refund $5.50 on order #W1 — reason: late");
    expect(describeAction(samples.reship).title).toContain("reason: wrong item");
    expect(describeAction(samples.cancel_subscription).params.find((p) => p.key === "at_period_end")?.values).toEqual([
      "yes",
    ]);
    expect(describeAction(samples.update_order_address).params[1]?.values).toEqual(["1 Main St, Austin, TX 73301, USA"]);
  });

  it("names items and payment methods from the customer context", () => {
    const d = describeAction(
      {
        type: "return_items",
        order_id: "#W1000777",
        item_ids: ["6469567736"],
        refund_method_id: "credit_card_7815826",
      },
      evelynContext,
    );
    expect(d.params.find((p) => p.key === "item_ids")?.values).toEqual([
      "Water Bottle (capacity: 1000ml, material: glass, color: blue) — 6469567736",
    ]);
    expect(d.params.find((p) => p.key === "refund_method_id")?.values).toEqual([
      "Visa ending 9212 (credit_card_7815826)",
    ]);
  });

  it("drops the verdict of a proposed action", () => {
    const d = describeAction({
      ...samples.skip_renewal,
      verdict: { decision: "allowed", rules: ["R1"], required_role: null, explanation: "ok" },
    });
    expect(d.params.map((p) => p.key)).toEqual(["subscription_id"]);
  });

  it("collects the orders that actions touch", () => {
    expect([...orderIdsOf([samples.cancel_order, samples.skip_renewal, samples.refund])]).toEqual(["#W1"]);
  });
});
