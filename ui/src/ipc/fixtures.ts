// Small, self-consistent fixture data for the in-memory fake back end (tests and
// UI previews). Shapes come from the generated bindings, so a change on the Rust
// side that breaks them shows up in `npm run typecheck`.

import type {
  Action,
  Agent,
  AgentId,
  Amount,
  AuditEntry,
  Customer,
  CustomerContext,
  Order,
  Plan,
  PolicyStatus,
  Prefs,
  Product,
  Role,
  Subscription,
  SupportHistoryEntry,
  TicketId,
  TicketSummary,
  TicketView,
  Verdict,
} from "./bindings";

export const agents: Agent[] = [
  { agent_id: "agent_ana", name: "Ana Ruiz", role: "agent" },
  { agent_id: "agent_sam", name: "Sam Okafor", role: "senior" },
  { agent_id: "agent_fay", name: "Fay Lin", role: "finance" },
];

const evelyn: Customer = {
  id: "evelyn_moore_6558",
  first_name: "Evelyn",
  last_name: "Moore",
  email: "evelyn.moore7564@example.com",
  address: {
    address1: "829 Maple Drive",
    address2: "Suite 100",
    city: "Denver",
    state: "CO",
    country: "USA",
    zip: "80202",
  },
  payment_methods: [
    { id: "credit_card_7815826", kind: "credit_card", brand: "visa", last_four: "9212", balance: null },
    { id: "paypal_5727330", kind: "paypal", brand: null, last_four: null, balance: null },
    { id: "gift_card_3491931", kind: "gift_card", brand: null, last_four: null, balance: "40.00" },
  ],
};

const orders: Order[] = [
  {
    order_id: "#W4308578",
    customer_id: evelyn.id,
    status: "pending",
    address: evelyn.address,
    items: [
      {
        item_id: "4983901480",
        product_id: "4896585277",
        name: "Smart Thermostat",
        price: "262.47",
        options: { compatibility: "Apple HomeKit", color: "black" },
      },
      {
        item_id: "9494281769",
        product_id: "3801771308",
        name: "E-Reader",
        price: "279.90",
        options: { "screen size": "7-inch", connectivity: "Wi-Fi", storage: "8GB" },
      },
    ],
    fulfillments: [],
    transactions: [{ kind: "payment", amount: "542.37", payment_method_id: "credit_card_7815826" }],
    currency: "USD",
    placed_at: "2026-11-24T08:05:00Z",
    shipped_at: null,
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    return_items: [],
    return_payment_method_id: null,
    exchange_items: [],
    exchange_new_items: [],
    exchange_payment_method_id: null,
    exchange_price_difference: null,
  },
  {
    order_id: "#W9921045",
    customer_id: evelyn.id,
    status: "processed",
    address: evelyn.address,
    items: [
      {
        item_id: "7624783998",
        product_id: "6817146515",
        name: "Desk Lamp",
        price: "135.24",
        options: { color: "white", brightness: "high", "power source": "USB" },
      },
    ],
    fulfillments: [{ tracking_ids: ["649807814716"], item_ids: ["7624783998"] }],
    transactions: [{ kind: "payment", amount: "135.24", payment_method_id: "paypal_5727330" }],
    currency: "USD",
    placed_at: "2026-11-14T19:20:00Z",
    shipped_at: "2026-11-16T10:00:00Z",
    delivered_at: null,
    cancelled_at: null,
    cancel_reason: null,
    return_items: [],
    return_payment_method_id: null,
    exchange_items: [],
    exchange_new_items: [],
    exchange_payment_method_id: null,
    exchange_price_difference: null,
  },
  {
    order_id: "#W1000777",
    customer_id: evelyn.id,
    status: "delivered",
    address: evelyn.address,
    items: [
      {
        item_id: "6469567736",
        product_id: "8310926033",
        name: "Water Bottle",
        price: "47.84",
        options: { capacity: "1000ml", material: "glass", color: "blue" },
      },
      {
        item_id: "3234800602",
        product_id: "9523456873",
        name: "T-Shirt",
        price: "20.10",
        options: { color: "red", size: "L" },
      },
    ],
    fulfillments: [{ tracking_ids: ["357962501027"], item_ids: ["6469567736", "3234800602"] }],
    transactions: [
      { kind: "payment", amount: "50.00", payment_method_id: "gift_card_3491931" },
      { kind: "payment", amount: "17.94", payment_method_id: "credit_card_7815826" },
      { kind: "refund", amount: "0.10", payment_method_id: "credit_card_7815826" },
      { kind: "refund", amount: "0.20", payment_method_id: "credit_card_7815826" },
    ],
    currency: "USD",
    placed_at: "2026-11-02T09:00:00Z",
    shipped_at: "2026-11-03T12:00:00Z",
    delivered_at: "2026-11-06T15:30:00Z",
    cancelled_at: null,
    cancel_reason: null,
    return_items: [],
    return_payment_method_id: null,
    exchange_items: [],
    exchange_new_items: [],
    exchange_payment_method_id: null,
    exchange_price_difference: null,
  },
];

const plans: Plan[] = [
  {
    plan_id: "coffee_monthly",
    product_line: "coffee",
    name: "Coffee Club monthly",
    interval: "month",
    price: "18.00",
    currency: "USD",
  },
  {
    plan_id: "coffee_quarterly",
    product_line: "coffee",
    name: "Coffee Club quarterly",
    interval: "quarter",
    price: "49.50",
    currency: "USD",
  },
];

const subscriptions: Subscription[] = [
  {
    subscription_id: "sub_1001",
    customer_id: evelyn.id,
    plan_id: "coffee_monthly",
    status: "active",
    current_period_start: "2026-11-01T00:00:00Z",
    current_period_end: "2026-12-01T00:00:00Z",
    next_renewal_at: "2026-12-01T00:00:00Z",
    paused_until: null,
    cancelled_at: null,
    cancel_at_period_end: false,
    payment_method_id: "credit_card_7815826",
    created_at: "2026-03-01T10:00:00Z",
  },
];

const products: Product[] = [
  {
    product_id: "8310926033",
    name: "Water Bottle",
    variants: [
      {
        item_id: "6469567736",
        product_id: "8310926033",
        options: { capacity: "1000ml", material: "glass", color: "blue" },
        available: true,
        price: "47.84",
      },
    ],
  },
];

const supportHistory: SupportHistoryEntry[] = [
  {
    history_id: "sh_001",
    customer_id: evelyn.id,
    order_id: "#W1000777",
    kind: "refund",
    reason: "goodwill",
    item_ids: ["3234800602"],
    amount: "0.30",
    at: "2026-11-07T11:00:00Z",
    approved_by: "agent_sam",
  },
];

export const evelynContext: CustomerContext = {
  customer: evelyn,
  orders,
  subscriptions,
  plans,
  support_history: supportHistory,
  products,
};

export const views: TicketView[] = [
  {
    ticket: {
      id: "D-0101",
      channel: "chat",
      from: { name: "Evelyn Moore", email: "evelyn.moore7564@example.com" },
      subject: null,
      created_at: "2026-11-24T11:31:00Z",
      messages: [
        { author: "customer", at: "2026-11-24T11:31:00Z", body: "hi! two things", internal: false },
        {
          author: "customer",
          at: "2026-11-24T11:31:40Z",
          body:
            "1) can you cancel the order i placed this morning, the thermostat and the e-reader\n" +
            "2) where is my desk lamp??",
          internal: false,
        },
      ],
      status: "open",
    },
    context: evelynContext,
    proposal: {
      ticket_id: "D-0101",
      customer_id: evelyn.id,
      intent: "cancel_order",
      confidence: 0.93,
      actions: [
        {
          type: "cancel_order",
          order_id: "#W4308578",
          reason: "no longer needed",
          verdict: {
            decision: "allowed",
            rules: ["R5"],
            required_role: null,
            explanation: "Order #W4308578 is still pending, so any agent may cancel it.",
          },
        },
      ],
      escalate: null,
      denied: [],
      facts: [],
      sentiment: "neutral",
      reply:
        "Hi Evelyn,\n\nI can cancel order #W4308578 (thermostat and e-reader) for you.\n\n" +
        "Your desk lamp (order #W9921045) has shipped: tracking number 649807814716.\n\nBest,\nSupport",
    },
    outcomes: [],
    draft: null,
  },
  {
    ticket: {
      id: "D-0102",
      channel: "email",
      from: { name: "Evelyn Moore", email: "evelyn.moore7564@example.com" },
      subject: "Water bottle arrived cracked",
      created_at: "2026-11-20T09:12:00Z",
      messages: [
        {
          author: "customer",
          at: "2026-11-20T09:12:00Z",
          body: "Hello,\n\nThe glass water bottle from order #W1000777 arrived cracked.\nI'd like my money back.\n\nEvelyn",
          internal: false,
        },
      ],
      status: "escalated",
    },
    context: evelynContext,
    proposal: {
      ticket_id: "D-0102",
      customer_id: evelyn.id,
      intent: "damaged_or_wrong_item",
      confidence: 0.81,
      actions: [
        {
          type: "refund",
          order_id: "#W1000777",
          amount: "47.84",
          refund_method_id: "credit_card_7815826",
          reason: "damaged",
          item_ids: ["6469567736"],
          verdict: {
            decision: "needs_approval",
            rules: ["R19"],
            required_role: "senior",
            explanation: "$47.84 would pass the agent's daily limit of $300.00; a senior must approve it.",
          },
        },
        {
          type: "reship",
          order_id: "#W1000777",
          item_ids: ["6469567736"],
          reason: "damaged",
          verdict: {
            decision: "denied",
            rules: ["R11", "R12"],
            required_role: null,
            explanation: "An item cannot be both refunded and reshipped.",
          },
        },
      ],
      escalate: {
        queue: "senior_support",
        rules: ["R19"],
        summary:
          "Customer reports the water bottle from #W1000777 arrived cracked.\nProposed: refund $47.84 to Visa ending 9212.",
      },
      denied: [],
      facts: [],
      sentiment: "neutral",
      reply: "Hi Evelyn,\n\nSorry the bottle arrived damaged. A senior colleague will confirm your refund shortly.\n\nSupport",
    },
    draft: null,
    outcomes: [
      {
        action_index: 0,
        outcome: "refused",
        message: "Refused: past the agent's daily limit of $300.00 (R19).",
        audit_id: 1,
        at: "2026-11-20T10:00:00Z",
      },
    ],
  },
  {
    ticket: {
      id: "D-0103",
      channel: "email",
      from: { name: "Evelyn Moore", email: "evelyn.moore7564@example.com" },
      subject: "Pause my coffee for a month",
      created_at: "2026-11-22T08:00:00Z",
      messages: [
        {
          author: "customer",
          at: "2026-11-22T08:00:00Z",
          body: "I'm travelling in December, please skip one month of coffee.",
          internal: false,
        },
        { author: "agent", at: "2026-11-22T09:00:00Z", body: "Thanks, we're looking into it.", internal: false },
      ],
      status: "open",
    },
    context: evelynContext,
    proposal: {
      ticket_id: "D-0103",
      customer_id: evelyn.id,
      intent: "subscription_change",
      confidence: 0.88,
      actions: [
        {
          type: "pause_subscription",
          subscription_id: "sub_1001",
          cycles: 1,
          verdict: {
            decision: "allowed",
            rules: ["R14"],
            required_role: null,
            explanation: "Active subscriptions may be paused for up to three cycles.",
          },
        },
      ],
      escalate: null,
      denied: [],
      facts: [],
      sentiment: "neutral",
      reply: "Hi Evelyn,\n\nI can pause your Coffee Club subscription for one month.\n\nSupport",
    },
    outcomes: [],
    draft: null,
  },
  {
    ticket: {
      id: "D-0104",
      channel: "email",
      from: { name: null, email: "partners@example.net" },
      subject: "Partnership opportunity",
      created_at: "2026-11-21T14:00:00Z",
      messages: [
        {
          author: "customer",
          at: "2026-11-21T14:00:00Z",
          body: "We'd love to feature your products in our newsletter.",
          internal: false,
        },
      ],
      status: "open",
    },
    context: null,
    proposal: {
      ticket_id: "D-0104",
      customer_id: null,
      intent: "out_of_scope",
      confidence: 0.64,
      actions: [],
      escalate: null,
      denied: [],
      facts: [],
      sentiment: "neutral",
      reply: "Hello,\n\nThanks for reaching out. This inbox handles customer orders only.\n\nSupport",
    },
    outcomes: [],
    draft: null,
  },
  // Already routed to the billing queue: only finance works it, so it is left
  // out of the other agents' queues and comes first, "for you", in Fay's.
  {
    ticket: {
      id: "D-0105",
      channel: "email",
      from: { name: "Evelyn Moore", email: "evelyn.moore7564@example.com" },
      subject: "Charged twice for my coffee",
      created_at: "2026-11-23T07:30:00Z",
      messages: [
        {
          author: "customer",
          at: "2026-11-23T07:30:00Z",
          body: "My card was charged twice for the November coffee renewal.",
          internal: false,
        },
        {
          author: "agent",
          at: "2026-11-23T08:00:00Z",
          body: "Handoff to billing:\nDouble charge on the November renewal of sub_1001.",
          internal: true,
        },
      ],
      status: "escalated",
      queue: "billing",
    },
    context: evelynContext,
    proposal: {
      ticket_id: "D-0105",
      customer_id: evelyn.id,
      intent: "billing_issue",
      confidence: 0.9,
      actions: [],
      escalate: {
        queue: "billing",
        rules: ["R23"],
        summary: "Double charge on the November renewal of sub_1001.",
      },
      denied: [],
      facts: [],
      sentiment: "angry",
      reply: "Hi Evelyn,\n\nOur billing team is checking the double charge and will write to you.\n\nSupport",
    },
    outcomes: [],
    draft: null,
  },
];

/** What the fake back end's reply becomes once an action on that ticket has been executed. */
export const repliesAfterExecution: Record<TicketId, string> = {
  "D-0101":
    "Hi Evelyn,\n\nI have cancelled order #W4308578; the refund of $542.37 goes back to your Visa ending 9212.\n\n" +
    "Your desk lamp (order #W9921045) has shipped: tracking number 649807814716.\n\nBest,\nSupport",
  "D-0103": "Hi Evelyn,\n\nYour Coffee Club subscription is paused for one month.\n\nSupport",
};

function lateRefund(amount: string): Action {
  return {
    type: "refund",
    order_id: "#W9921045",
    amount,
    refund_method_id: "credit_card_7815826",
    reason: "late",
  };
}

const lateRefundVerdict: Verdict = {
  decision: "allowed",
  rules: ["R16", "R19"],
  required_role: null,
  explanation: "A late delivery may be refunded in part, within the senior's limit.",
};

const subscriptionCancelVerdict: Verdict = {
  decision: "allowed",
  rules: ["R22"],
  required_role: null,
  explanation: "Cancelling at the end of the period needs no further approval.",
};

export const audit: AuditEntry[] = [
  {
    audit_id: 1,
    at: "2026-11-20T10:00:00Z",
    agent_id: "agent_ana",
    agent_role: "agent",
    ticket_id: "D-0102",
    customer_id: evelyn.id,
    action: {
      type: "refund",
      order_id: "#W1000777",
      amount: "47.84",
      refund_method_id: "credit_card_7815826",
      reason: "damaged",
      item_ids: ["6469567736"],
    },
    verdict: {
      decision: "needs_approval",
      rules: ["R19"],
      required_role: "senior",
      explanation: "$47.84 would pass the agent's daily limit of $300.00; a senior must approve it.",
    },
    outcome: "refused",
    message: "Refused: past the agent's daily limit of $300.00 (R19).",
    idempotency_key: null,
    kind: "refusal",
    approval_id: null,
    proposed: null,
    system: null,
    external_id: null,
    event: null,
    hash: "5d1f0c3b9a7e2d4c6b8a0f1e3d5c7b9a2e4f6a8c0b1d3e5f7a9c2b4d6e8f0a1c",
  },
  // Approval 1, on a ticket solved earlier: a senior lowered the proposed refund
  // before approving it (intent), and it ran in the sandbox (outcome).
  {
    audit_id: 2,
    at: "2026-11-21T16:05:00Z",
    kind: "intent",
    approval_id: 1,
    agent_id: "agent_sam",
    agent_role: "senior",
    ticket_id: "D-0098",
    customer_id: evelyn.id,
    action: lateRefund("25.00"),
    proposed: lateRefund("30.00"),
    verdict: lateRefundVerdict,
    outcome: "pending",
    message: "Approved; running in the sandbox.",
    idempotency_key: "d0098-0-3f9a",
    system: null,
    external_id: null,
    event: null,
    hash: "a3c4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2",
  },
  {
    audit_id: 3,
    at: "2026-11-21T16:05:02Z",
    kind: "outcome",
    approval_id: 1,
    agent_id: "agent_sam",
    agent_role: "senior",
    ticket_id: "D-0098",
    customer_id: evelyn.id,
    action: lateRefund("25.00"),
    proposed: lateRefund("30.00"),
    verdict: lateRefundVerdict,
    outcome: "executed",
    message: "Refunded $25.00 on order #W9921045 to Visa ending 9212 (confirmed by sandbox)",
    idempotency_key: "d0098-0-3f9a",
    system: "sandbox",
    external_id: "refund-000017",
    event: null,
    hash: "b4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3",
  },
  // Approval 2, another customer: a subscription cancelled as proposed.
  {
    audit_id: 4,
    at: "2026-11-22T10:30:00Z",
    kind: "intent",
    approval_id: 2,
    agent_id: "agent_ana",
    agent_role: "agent",
    ticket_id: "D-0097",
    customer_id: "noah_brown_6181",
    action: { type: "cancel_subscription", subscription_id: "sub_2040", at_period_end: true },
    proposed: { type: "cancel_subscription", subscription_id: "sub_2040", at_period_end: true },
    verdict: subscriptionCancelVerdict,
    outcome: "pending",
    message: "Approved; running in the sandbox.",
    idempotency_key: "d0097-0-77c1",
    system: null,
    external_id: null,
    event: null,
    hash: "c5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4",
  },
  {
    audit_id: 5,
    at: "2026-11-22T10:30:01Z",
    kind: "outcome",
    approval_id: 2,
    agent_id: "agent_ana",
    agent_role: "agent",
    ticket_id: "D-0097",
    customer_id: "noah_brown_6181",
    action: { type: "cancel_subscription", subscription_id: "sub_2040", at_period_end: true },
    proposed: { type: "cancel_subscription", subscription_id: "sub_2040", at_period_end: true },
    verdict: subscriptionCancelVerdict,
    outcome: "executed",
    message: "Subscription sub_2040 ends at the end of its period (confirmed by sandbox)",
    idempotency_key: "d0097-0-77c1",
    system: "sandbox",
    external_id: "sub_2040",
    event: null,
    hash: "d6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5",
  },
];

function preview(view: TicketView): string {
  const body = view.ticket.messages[0]?.body ?? "";
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

export function summaryOf(view: TicketView, state: TicketSummary["state"]): TicketSummary {
  return {
    id: view.ticket.id,
    subject: view.ticket.subject,
    from_name: view.ticket.from.name,
    channel: view.ticket.channel,
    created_at: view.ticket.created_at,
    status: view.ticket.status,
    preview: preview(view),
    intent: view.proposal.intent,
    confidence: view.proposal.confidence,
    state,
    sentiment: view.proposal.sentiment,
    queue: view.ticket.queue ?? null,
    for_you: false,
  };
}

export const queue: TicketSummary[] = [
  summaryOf(views[0]!, "ready"),
  summaryOf(views[1]!, "escalated"),
  summaryOf(views[2]!, "ready"),
  summaryOf(views[3]!, "reply_only"),
  summaryOf(views[4]!, "escalated"),
];

export const policy: PolicyStatus = {
  name: "Sandbox store support policy",
  version: 1,
  source: "the shipped sandbox policy",
  rules: 27,
  problem: null,
};

/** R19's approval limits per role, as the shipped sandbox policy sets them; null: no limit. */
export interface Tier {
  perAction: Amount | null;
  perDay: Amount | null;
}

export const tiers: Record<Role, Tier> = {
  agent: { perAction: "100.00", perDay: "300.00" },
  senior: { perAction: "500.00", perDay: "2000.00" },
  finance: { perAction: null, perDay: null },
};

/** What each agent has already approved today, counted against their daily limit (R19). */
export const approvedToday: Record<AgentId, Amount> = {
  agent_ana: "260.00",
};

/**
 * The desk's preferences. The back end's default undo window is 5 s; the
 * fixtures run approvals at once so that tests not about the undo window need
 * no clock, and the tests about it set their own.
 */
export const prefs: Prefs = { agent_id: null, notifications: true, always_on_top: false, undo_seconds: 0 };

export interface Fixtures {
  policy: PolicyStatus;
  agents: Agent[];
  views: TicketView[];
  queue: TicketSummary[];
  audit: AuditEntry[];
  repliesAfterExecution: Record<TicketId, string>;
  tiers: Record<Role, Tier>;
  approvedToday: Record<AgentId, Amount>;
  prefs: Prefs;
}

export const fixtures: Fixtures = {
  policy,
  agents,
  views,
  queue,
  audit,
  repliesAfterExecution,
  tiers,
  approvedToday,
  prefs,
};
