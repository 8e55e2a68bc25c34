import { describe, expect, it } from "vitest";
import {
  addAmounts,
  formatMoney,
  fromCents,
  parseAmountInput,
  sameAmount,
  subtractAmounts,
  toCents,
  transactionTotals,
} from "./money";

describe("money", () => {
  it("parses decimal strings into exact integer cents", () => {
    expect(toCents("12.50")).toBe(1250n);
    expect(toCents("12.5")).toBe(1250n);
    expect(toCents("12")).toBe(1200n);
    expect(toCents(".07")).toBe(7n);
    expect(toCents("-3.10")).toBe(-310n);
    expect(toCents("0.005")).toBe(1n);
    expect(toCents("0.004")).toBe(0n);
    expect(toCents("90071992547409.93")).toBe(9007199254740993n);
  });

  it("rejects things that are not decimals", () => {
    expect(() => toCents("abc")).toThrow();
    expect(() => toCents("")).toThrow();
    expect(() => toCents("1.2.3")).toThrow();
    expect(() => toCents("1e3")).toThrow();
  });

  it("adds exactly where floats would not", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addAmounts("0.10", "0.20")).toBe("0.30");
    expect(addAmounts("262.47", "279.90")).toBe("542.37");
    expect(addAmounts()).toBe("0.00");
    expect(subtractAmounts("67.94", "0.30")).toBe("67.64");
    expect(subtractAmounts("0.05", "0.10")).toBe("-0.05");
    expect(fromCents(-5n)).toBe("-0.05");
  });

  it("formats for display", () => {
    expect(formatMoney("12.5")).toBe("$12.50");
    expect(formatMoney("0")).toBe("$0.00");
    expect(formatMoney("1234567.8")).toBe("$1,234,567.80");
    expect(formatMoney("-3.1")).toBe("-$3.10");
    expect(formatMoney("10.00", "EUR")).toBe("10.00 EUR");
    expect(formatMoney("n/a")).toBe("n/a");
  });

  it("totals an order's transactions", () => {
    expect(
      transactionTotals([
        { kind: "payment", amount: "50.00", payment_method_id: "gc" },
        { kind: "payment", amount: "17.94", payment_method_id: "cc" },
        { kind: "refund", amount: "0.10", payment_method_id: "cc" },
        { kind: "refund", amount: "0.20", payment_method_id: "cc" },
      ]),
    ).toEqual({ paid: "67.94", refunded: "0.30", net: "67.64" });
    expect(transactionTotals([])).toEqual({ paid: "0.00", refunded: "0.00", net: "0.00" });
  });
});

describe("typed amounts", () => {
  it("reads what an agent types as an exact amount", () => {
    expect(parseAmountInput("25")).toEqual({ ok: true, amount: "25.00" });
    expect(parseAmountInput(" 25.5 ")).toEqual({ ok: true, amount: "25.50" });
    expect(parseAmountInput("$47.84")).toEqual({ ok: true, amount: "47.84" });
    expect(parseAmountInput("0.1")).toEqual({ ok: true, amount: "0.10" });
    expect(parseAmountInput("90071992547409.93")).toEqual({ ok: true, amount: "90071992547409.93" });
  });

  it("refuses what it would have to guess at, saying why", () => {
    expect(parseAmountInput("")).toEqual({ ok: false, problem: "Enter an amount." });
    expect(parseAmountInput("12.345")).toEqual({ ok: false, problem: "Use at most two decimal places (cents)." });
    expect(parseAmountInput("0")).toEqual({ ok: false, problem: "The amount must be more than $0.00." });
    expect(parseAmountInput("-5")).toEqual({ ok: false, problem: "The amount must be more than $0.00." });
    for (const text of ["25,00", "1,234.00", "1e3", "abc", "12.3.4", ".5"]) {
      expect(parseAmountInput(text), text).toEqual({
        ok: false,
        problem: "Enter an amount in dollars and cents, like 25.00.",
      });
    }
  });

  it("compares amounts exactly", () => {
    expect(sameAmount("25.5", "25.50")).toBe(true);
    expect(sameAmount("25.50", "25.51")).toBe(false);
  });
});
