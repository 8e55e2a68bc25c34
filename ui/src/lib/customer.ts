import type {
  Address,
  CustomerContext,
  ItemId,
  PaymentMethod,
  PaymentMethodId,
  Plan,
  PlanId,
} from "../ipc/bindings";
import { formatMoney } from "./money";

/** One line: "12 Oak St, Apt 4, Denver, CO 80279, USA". */
export function formatAddress(a: Address): string {
  const region = [a.state, a.zip].filter(Boolean).join(" ");
  return [a.address1, a.address2, a.city, region, a.country].filter((part) => part && part.trim()).join(", ");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** "Visa ending 1234", "PayPal", "Gift card (balance $40.00)". */
export function describePaymentMethod(pm: PaymentMethod): string {
  switch (pm.kind) {
    case "credit_card": {
      const brand = pm.brand ? capitalise(pm.brand) : "Credit card";
      return pm.last_four ? `${brand} ending ${pm.last_four}` : brand;
    }
    case "paypal":
      return "PayPal";
    case "gift_card":
      return pm.balance !== null ? `Gift card (balance ${formatMoney(pm.balance)})` : "Gift card";
    default:
      return pm.id;
  }
}

export function findPaymentMethod(
  context: CustomerContext | null,
  id: PaymentMethodId,
): PaymentMethod | undefined {
  return context?.customer.payment_methods.find((pm) => pm.id === id);
}

/** "Visa ending 1234 (credit_card_123)", or the bare id when the customer has no such method. */
export function paymentMethodText(context: CustomerContext | null, id: PaymentMethodId): string {
  const pm = findPaymentMethod(context, id);
  return pm ? `${describePaymentMethod(pm)} (${id})` : id;
}

export function formatOptions(options: { [key in string]: string }): string {
  return Object.entries(options)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
}

/** "Water Bottle (capacity: 1000ml, color: blue) — 6469567736", looked up in orders then the catalogue. */
export function itemText(context: CustomerContext | null, id: ItemId): string {
  if (context) {
    for (const order of context.orders) {
      const item = order.items.find((i) => i.item_id === id);
      if (item) return withOptions(item.name, item.options, id);
    }
    for (const product of context.products) {
      const variant = product.variants.find((v) => v.item_id === id);
      if (variant) return withOptions(product.name, variant.options, id);
    }
  }
  return id;
}

function withOptions(name: string, options: { [key in string]: string }, id: string): string {
  const opts = formatOptions(options);
  return `${name}${opts ? ` (${opts})` : ""} — ${id}`;
}

export function findPlan(context: CustomerContext | null, id: PlanId): Plan | undefined {
  return context?.plans.find((p) => p.plan_id === id);
}

export function planText(context: CustomerContext | null, id: PlanId): string {
  const plan = findPlan(context, id);
  return plan ? `${plan.name} (${id})` : id;
}
