// Words and field labels for the connections in Settings, one record per kind,
// so every form says the vendor's own name for what it asks.

import type { CheckOutcome, ConnectionKind, LlmApi } from "../ipc/bindings";

export interface ConnectionWords {
  /** The section heading. */
  title: string;
  /** What the address field holds; null when the connection has none. */
  address: string | null;
  addressPlaceholder: string;
  addressHint: string;
  /** What the vendor calls the credential: the field's label. */
  credential: string;
  /** The same inside a sentence. */
  credentialInSentence: string;
}

export const CONNECTIONS: Record<ConnectionKind, ConnectionWords> = {
  sandbox: {
    title: "Sandbox store",
    address: null,
    addressPlaceholder: "",
    addressHint: "",
    credential: "",
    credentialInSentence: "",
  },
  helpdesk: {
    title: "Helpdesk (Zendesk)",
    address: "Zendesk subdomain",
    addressPlaceholder: "acme or acme.zendesk.com",
    addressHint: "The part before .zendesk.com, or the full https address.",
    credential: "API token",
    credentialInSentence: "API token",
  },
  shop: {
    title: "Shop (Shopify)",
    address: "Store domain",
    addressPlaceholder: "acme.myshopify.com",
    addressHint: "The store's myshopify.com domain.",
    credential: "Admin API access token",
    credentialInSentence: "Admin API access token",
  },
  billing: {
    title: "Billing (Stripe)",
    address: "API base URL",
    addressPlaceholder: "https://api.stripe.com",
    addressHint: "Leave empty for Stripe's own.",
    credential: "Secret key",
    credentialInSentence: "secret key",
  },
  llm: {
    title: "Language model",
    address: "Base URL",
    addressPlaceholder: "https://api.openai.com/v1",
    addressHint: "Leave empty for the vendor's own; http only to this computer (a local model server).",
    credential: "API key",
    credentialInSentence: "API key",
  },
};

export const LLM_APIS: Record<LlmApi, { label: string; placeholder: string }> = {
  openai: { label: "OpenAI-compatible", placeholder: "https://api.openai.com/v1" },
  anthropic: { label: "Anthropic", placeholder: "https://api.anthropic.com" },
};

const OUTCOMES: Record<CheckOutcome, string> = {
  ok: "Connection works",
  not_set_up: "Not set up",
  bad_token: "Credential refused",
  missing_permission: "Missing permission",
  wrong_address: "Wrong address",
  rate_limited: "Rate limited",
  unknown_model: "Unknown model",
  unexpected: "Unexpected answer",
};

export function checkOutcomeLabel(outcome: CheckOutcome): string {
  return OUTCOMES[outcome];
}
