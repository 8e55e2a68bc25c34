import type { CustomerContext } from "../ipc/bindings";
import { describePaymentMethod, formatAddress, itemText, planText } from "../lib/customer";
import { formatMoney } from "../lib/money";
import { Badge } from "./Badge";
import { OrderDetails } from "./OrderDetails";
import { Time } from "./Time";

interface Props {
  context: CustomerContext | null;
  /** Orders the proposal touches: these start open. */
  focusOrders: ReadonlySet<string>;
}

export function CustomerPanel({ context, focusOrders }: Props) {
  if (!context) {
    return (
      <section aria-label="Customer" className="panel">
        <h2 className="panel__title">Customer</h2>
        <p className="muted">Customer not identified</p>
      </section>
    );
  }
  const { customer, orders, subscriptions, support_history } = context;
  return (
    <section aria-label="Customer" className="panel">
      <h2 className="panel__title">
        {customer.first_name} {customer.last_name}
      </h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd>{customer.email}</dd>
        <dt>Customer id</dt>
        <dd>{customer.id}</dd>
        <dt>Default address</dt>
        <dd>{formatAddress(customer.address)}</dd>
      </dl>

      <h3 className="subhead">Payment methods</h3>
      {customer.payment_methods.length === 0 ? (
        <p className="muted">None on file.</p>
      ) : (
        <ul className="plain-list">
          {customer.payment_methods.map((pm) => (
            <li key={pm.id}>
              {describePaymentMethod(pm)} <span className="muted">· {pm.id}</span>
            </li>
          ))}
        </ul>
      )}

      {subscriptions.length > 0 && (
        <>
          <h3 className="subhead">Subscriptions</h3>
          <ul className="plain-list">
            {subscriptions.map((s) => (
              <li key={s.subscription_id}>
                <span className="mono">{s.subscription_id}</span> · {planText(context, s.plan_id)}{" "}
                <Badge tone={`sub-${s.status}`}>{s.status}</Badge>
                {s.next_renewal_at && (
                  <span className="muted">
                    {" "}
                    · renews <Time iso={s.next_renewal_at} dateOnly />
                  </span>
                )}
                {s.paused_until && (
                  <span className="muted">
                    {" "}
                    · paused until <Time iso={s.paused_until} dateOnly />
                  </span>
                )}
                {s.cancel_at_period_end && <span className="muted"> · cancels at period end</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 className="subhead">Orders ({orders.length})</h3>
      {orders.length === 0 ? (
        <p className="muted">No orders.</p>
      ) : (
        <div className="orders">
          {orders.map((o) => (
            <OrderDetails key={o.order_id} order={o} context={context} open={focusOrders.has(o.order_id)} />
          ))}
        </div>
      )}

      {support_history.length > 0 && (
        <>
          <h3 className="subhead">Support history</h3>
          <ul className="plain-list">
            {support_history.map((h) => (
              <li key={h.history_id}>
                <Time iso={h.at} dateOnly /> · {h.kind} {formatMoney(h.amount)} on {h.order_id} ({h.reason}
                {h.item_ids.length > 0 && `; ${h.item_ids.map((id) => itemText(context, id)).join("; ")}`}) ·
                approved by {h.approved_by}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
