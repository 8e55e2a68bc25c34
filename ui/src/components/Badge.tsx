import { slug } from "../lib/labels";

/** A small pill; `tone` picks the colour (a CSS modifier), `children` is the text. */
export function Badge({ tone, children }: { tone: string; children: string }) {
  return <span className={`badge badge--${slug(tone)}`}>{children}</span>;
}
