import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates";

describe("dates", () => {
  it("shows UTC whatever the offset of the input", () => {
    expect(formatDateTime("2026-11-23T16:42:00Z")).toBe("Nov 23, 2026, 16:42 UTC");
    expect(formatDateTime("2026-11-23T23:30:00-02:00")).toBe("Nov 24, 2026, 01:30 UTC");
    expect(formatDate("2026-01-05T00:00:00Z")).toBe("Jan 5, 2026");
  });

  it("passes through what is not a date", () => {
    expect(formatDateTime("soon")).toBe("soon");
  });
});
