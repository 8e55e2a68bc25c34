// Plain-words descriptions of the engine's actions: a title per action type and
// a generic list of the action's parameters, enriched from the customer context
// (item names, payment methods, plan names) where it is available.

import type { Action, ActionKind, Address, CustomerContext, ProposedAction } from "../ipc/bindings";
import { formatAddress, itemText, paymentMethodText, planText } from "./customer";
import { actionName, words } from "./labels";
import { formatMoney } from "./money";

export interface ActionParam {
  key: string;
  label: string;
  values: string[];
}

export interface ActionDescription {
  kind: ActionKind;
  title: string;
  params: ActionParam[];
}

function count(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/** Drops the verdict from a proposed action, leaving the action itself. */
export function actionOf(proposed: ProposedAction | Action): Action {
  const { verdict: _verdict, ...action } = proposed as ProposedAction;
  return action as Action;
}

export function actionTitle(action: Action, context: CustomerContext | null = null): string {
  switch (action.type) {
    case "cancel_order":
      return `Cancel order ${action.order_id} — reason: ${words(action.reason)}`;
    case "update_order_address":
      return `Change the shipping address of order ${action.order_id}`;
    case "modify_order_items":
      return `Modify ${count(action.item_ids.length, "item")} in pending order ${action.order_id}`;
    case "change_payment_method":
      return `Change the payment method of order ${action.order_id}`;
    case "return_items":
      return `Return ${count(action.item_ids.length, "item")} from order ${action.order_id}`;
    case "exchange_items":
      return `Exchange ${count(action.item_ids.length, "item")} from order ${action.order_id}`;
    case "update_customer_address":
      return `Update the default address of customer ${action.customer_id}`;
    case "refund":
      return `Refund ${formatMoney(action.amount)} on order ${action.order_id} — reason: ${words(action.reason)}`;
    case "reship":
      return `Reship ${count(action.item_ids.length, "item")} from order ${action.order_id} — reason: ${words(action.reason)}`;
    case "pause_subscription":
      return `Pause subscription ${action.subscription_id} for ${count(action.cycles, "billing cycle")}`;
    case "skip_renewal":
      return `Skip the next renewal of subscription ${action.subscription_id}`;
    case "resume_subscription":
      return `Resume subscription ${action.subscription_id}`;
    case "cancel_subscription":
      return `Cancel subscription ${action.subscription_id} ${action.at_period_end ? "at the end of the period" : "immediately"}`;
    case "change_plan":
      return `Move subscription ${action.subscription_id} to plan ${planText(context, action.plan_id)}`;
    case "update_customer_email":
      return `Change the email of customer ${action.customer_id} to ${action.email}`;
    default: {
      // A type newer than this UI: still say something useful.
      const unknown = action as { type: string };
      return words(unknown.type).replace(/^./, (c) => c.toUpperCase());
    }
  }
}

/**
 * What an action is doing while it waits to run, for the undo bar: "Refunding
 * $25.00" (the bar adds "in 5 s").
 */
export function actionInProgress(action: Action): string {
  switch (action.type) {
    case "cancel_order":
      return `Cancelling order ${action.order_id}`;
    case "update_order_address":
      return `Changing the shipping address of order ${action.order_id}`;
    case "modify_order_items":
      return `Modifying ${count(action.item_ids.length, "item")} in order ${action.order_id}`;
    case "change_payment_method":
      return `Changing the payment method of order ${action.order_id}`;
    case "return_items":
      return `Returning ${count(action.item_ids.length, "item")} from order ${action.order_id}`;
    case "exchange_items":
      return `Exchanging ${count(action.item_ids.length, "item")} from order ${action.order_id}`;
    case "update_customer_address":
      return `Updating the address of customer ${action.customer_id}`;
    case "refund":
      return `Refunding ${formatMoney(action.amount)}`;
    case "reship":
      return `Reshipping ${count(action.item_ids.length, "item")} from order ${action.order_id}`;
    case "pause_subscription":
      return `Pausing subscription ${action.subscription_id}`;
    case "skip_renewal":
      return `Skipping the next renewal of subscription ${action.subscription_id}`;
    case "resume_subscription":
      return `Resuming subscription ${action.subscription_id}`;
    case "cancel_subscription":
      return `Cancelling subscription ${action.subscription_id}`;
    case "change_plan":
      return `Changing the plan of subscription ${action.subscription_id}`;
    case "update_customer_email":
      return `Changing the email of customer ${action.customer_id}`;
    default: {
      const unknown = action as { type: string };
      return `Carrying out ${words(unknown.type)}`;
    }
  }
}

const LABELS: Record<string, string> = {
  order_id: "Order",
  customer_id: "Customer",
  subscription_id: "Subscription",
  reason: "Reason",
  address: "Address",
  item_ids: "Items",
  new_item_ids: "New items",
  payment_method_id: "Payment method",
  refund_method_id: "Refund to",
  amount: "Amount",
  cycles: "Billing cycles",
  at_period_end: "At period end",
  plan_id: "Plan",
  email: "Email",
};

function isAddress(value: unknown): value is Address {
  return typeof value === "object" && value !== null && "address1" in value && "city" in value;
}

function scalar(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (value === null || value === undefined) return "—";
  if (isAddress(value)) return formatAddress(value);
  return JSON.stringify(value);
}

function paramValues(key: string, value: unknown, context: CustomerContext | null): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return ["none"];
    return value.flatMap((v) => paramValues(key, v, context));
  }
  if (typeof value === "string") {
    switch (key) {
      case "item_ids":
      case "new_item_ids":
        return [itemText(context, value)];
      case "payment_method_id":
      case "refund_method_id":
        return [paymentMethodText(context, value)];
      case "plan_id":
        return [planText(context, value)];
      case "amount":
        return [formatMoney(value)];
      case "reason":
        return [words(value)];
    }
  }
  return [scalar(value)];
}

/** Title and parameters of an action, in plain words. */
export function describeAction(
  proposed: ProposedAction | Action,
  context: CustomerContext | null = null,
): ActionDescription {
  const action = actionOf(proposed);
  const params: ActionParam[] = Object.entries(action)
    .filter(([key, value]) => key !== "type" && value !== undefined)
    .map(([key, value]) => ({
      key,
      label: LABELS[key] ?? words(key).replace(/^./, (c) => c.toUpperCase()),
      values: paramValues(key, value, context),
    }));
  return { kind: action.type, title: actionTitle(action, context), params };
}

export { actionName };

/** Ids of the orders an action touches (to open them by default in the customer panel). */
export function orderIdsOf(actions: readonly (ProposedAction | Action)[]): Set<string> {
  const ids = new Set<string>();
  for (const a of actions) {
    if ("order_id" in a && typeof a.order_id === "string") ids.add(a.order_id);
  }
  return ids;
}
