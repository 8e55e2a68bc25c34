// Dates are shown in UTC, in a fixed readable form that does not depend on the
// machine's locale or time zone: "Nov 23, 2026, 16:42 UTC".

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** "Nov 23, 2026" (UTC); the input unchanged when it is not a date. */
export function formatDate(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

/** "Nov 23, 2026, 16:42 UTC"; the input unchanged when it is not a date. */
export function formatDateTime(iso: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return `${formatDate(iso)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
