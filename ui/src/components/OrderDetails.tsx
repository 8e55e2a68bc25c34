import type { CustomerContext, Order } from "../ipc/bindings";
import { formatAddress, formatOptions, paymentMethodText } from "../lib/customer";
import { formatMoney, transactionTotals } from "../lib/money";
import { Badge } from "./Badge";
import { Time } from "./Time";

interface Props {
  order: Order;
  context: CustomerContext;
  open: boolean;
}

export function OrderDetails({ order, context, open }: Props) {
  const totals = transactionTotals(order.transactions);
  const money = (a: string) => formatMoney(a, order.currency);
  const tracking = order.fulfillments.flatMap((f) => f.tracking_ids);
  return (
    <details className="order" open={open}>
      <summary className="order__summary">
        <span className="order__id">{order.order_id}</span>
        <Badge tone={`order-${order.status}`}>{order.status}</Badge>
        <span className="muted">
          placed <Time iso={order.placed_at} dateOnly />
        </span>
        <span className="order__paid">{money(totals.paid)}</span>
      </summary>
      <div className="order__body">
        <ul className="order__items">
          {order.items.map((item) => {
            const options = formatOptions(item.options);
            return (
              <li key={item.item_id}>
                <span>
                  {item.name}
                  {options && <span className="muted"> — {options}</span>}
                  <span className="muted"> · item {item.item_id}</span>
                </span>
                <span className="order__price">{money(item.price)}</span>
              </li>
            );
          })}
        </ul>
        <dl className="facts">
          <dt>Paid</dt>
          <dd>{money(totals.paid)}</dd>
          <dt>Refunded</dt>
          <dd>{money(totals.refunded)}</dd>
          {order.transactions.length > 0 && (
            <>
              <dt>Transactions</dt>
              <dd>
                <ul className="plain-list">
                  {order.transactions.map((t, i) => (
                    <li key={i}>
                      {t.kind} {money(t.amount)} · {paymentMethodText(context, t.payment_method_id)}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {tracking.length > 0 && (
            <>
              <dt>Tracking</dt>
              <dd>{tracking.join(", ")}</dd>
            </>
          )}
          <dt>Ship to</dt>
          <dd>{formatAddress(order.address)}</dd>
          {order.shipped_at && (
            <>
              <dt>Shipped</dt>
              <dd>
                <Time iso={order.shipped_at} />
              </dd>
            </>
          )}
          {order.delivered_at && (
            <>
              <dt>Delivered</dt>
              <dd>
                <Time iso={order.delivered_at} />
              </dd>
            </>
          )}
          {order.cancelled_at && (
            <>
              <dt>Cancelled</dt>
              <dd>
                <Time iso={order.cancelled_at} />
                {order.cancel_reason && ` — ${order.cancel_reason}`}
              </dd>
            </>
          )}
        </dl>
      </div>
    </details>
  );
}
