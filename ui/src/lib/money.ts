// Money arrives from the back end as a decimal string ("12.50"). It is never
// turned into a float: arithmetic happens on integer cents (bigint), and the
// result is written back as a decimal string with two places.

import type { Amount, Transaction } from "../ipc/bindings";

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/** Parses a decimal string into integer cents. Throws on anything that is not a plain decimal. */
export function toCents(amount: Amount): bigint {
  const trimmed = amount.trim();
  const match = DECIMAL.exec(trimmed);
  const whole = match?.[2] ?? "";
  const frac = match?.[3] ?? "";
  if (!match || (whole === "" && frac === "")) {
    throw new Error(`Not a decimal amount: "${amount}"`);
  }
  const negative = match[1] === "-";
  let cents = BigInt(whole || "0") * 100n + BigInt((frac + "00").slice(0, 2));
  // More than two decimal places: round half away from zero on the third digit.
  const rest = frac.slice(2);
  if (rest !== "" && Number(rest[0]) >= 5) {
    cents += 1n;
  }
  return negative ? -cents : cents;
}

/** Writes integer cents as a decimal string with two places ("-0.05", "1234.50"). */
export function fromCents(cents: bigint): Amount {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole.toString()}.${frac}`;
}

/** Exact sum of decimal strings. */
export function addAmounts(...amounts: Amount[]): Amount {
  return fromCents(amounts.reduce((sum, a) => sum + toCents(a), 0n));
}

/** Exact difference a - b. */
export function subtractAmounts(a: Amount, b: Amount): Amount {
  return fromCents(toCents(a) - toCents(b));
}

const SYMBOLS: Record<string, string> = { USD: "$" };

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats a decimal string for display: "12.5" → "$12.50", "1234" → "$1,234.00",
 * "-3.1" → "-$3.10". Currencies without a known symbol get their code as a suffix.
 * A string that is not a decimal is shown unchanged.
 */
export function formatMoney(amount: Amount, currency = "USD"): string {
  let canonical: string;
  try {
    canonical = fromCents(toCents(amount));
  } catch {
    return amount;
  }
  const negative = canonical.startsWith("-");
  const [whole = "0", frac = "00"] = (negative ? canonical.slice(1) : canonical).split(".");
  const body = `${group(whole)}.${frac}`;
  const code = currency.toUpperCase();
  const symbol = SYMBOLS[code];
  const text = symbol !== undefined ? `${symbol}${body}` : `${body} ${code}`;
  return negative ? `-${text}` : text;
}

export interface TransactionTotals {
  paid: Amount;
  refunded: Amount;
  net: Amount;
}

/** Totals of an order's transactions, computed exactly. */
export function transactionTotals(transactions: readonly Transaction[]): TransactionTotals {
  let paid = 0n;
  let refunded = 0n;
  for (const t of transactions) {
    if (t.kind === "payment") paid += toCents(t.amount);
    else refunded += toCents(t.amount);
  }
  return { paid: fromCents(paid), refunded: fromCents(refunded), net: fromCents(paid - refunded) };
}

/** An amount as an agent typed it: exact, or why it is not one. */
export type AmountInput = { ok: true; amount: Amount } | { ok: false; problem: string };

const TYPED_AMOUNT = /^\d+(?:\.\d{0,2})?$/;

/**
 * Reads an amount typed into a field ("25", "25.5", "$25.50") as an exact
 * decimal with two places. More than two decimal places, a thousands separator
 * or a sign is refused rather than guessed at: "25,00" could mean 25 or 2500.
 */
export function parseAmountInput(text: string): AmountInput {
  const typed = text.trim().replace(/^\$\s*/, "");
  if (typed === "") return { ok: false, problem: "Enter an amount." };
  if (/^\d*\.\d{3,}$/.test(typed)) return { ok: false, problem: "Use at most two decimal places (cents)." };
  if (typed.startsWith("-")) return { ok: false, problem: "The amount must be more than $0.00." };
  if (!TYPED_AMOUNT.test(typed)) {
    return { ok: false, problem: "Enter an amount in dollars and cents, like 25.00." };
  }
  const cents = toCents(typed);
  if (cents <= 0n) return { ok: false, problem: "The amount must be more than $0.00." };
  return { ok: true, amount: fromCents(cents) };
}

/** Whether two decimal strings are the same amount ("25.5" and "25.50" are). */
export function sameAmount(a: Amount, b: Amount): boolean {
  try {
    return toCents(a) === toCents(b);
  } catch {
    return a === b;
  }
}
