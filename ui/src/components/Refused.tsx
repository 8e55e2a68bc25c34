import type { Denied } from "../ipc/bindings";

/** What the customer asked for that the policy refuses: not offered, with the rules why. */
export function Refused({ denied }: { denied: Denied[] }) {
  if (denied.length === 0) return null;
  return (
    <section aria-label="Not offered" className="refused">
      <h3 className="subhead">Not offered</h3>
      <ul className="refused__list">
        {denied.map((d, i) => (
          <li key={i}>
            <span>{d.request}</span>{" "}
            {d.rules.map((r) => (
              <span key={r} className="rule">
                {r}
              </span>
            ))}
            <p className="muted">{d.explanation}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
