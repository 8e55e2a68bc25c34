/** "Rules: R15 R16", each id a chip, or "none". */
export function RuleList({ rules }: { rules: readonly string[] }) {
  return (
    <>
      <span className="muted">Rules: </span>
      {rules.length > 0
        ? rules.map((r) => (
            <span key={r} className="rule">
              {r}
            </span>
          ))
        : "none"}
    </>
  );
}
