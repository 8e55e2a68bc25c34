import type { ActionParam } from "../lib/actions";

interface Props {
  params: ActionParam[];
  /** Keys of parameters to mark as edited. */
  edited?: ReadonlySet<string>;
}

/** An action's parameters in plain words, one row each. */
export function ActionParams({ params, edited }: Props) {
  return (
    <dl className="facts facts--compact">
      {params.map((p) => {
        const changed = edited?.has(p.key) ?? false;
        return (
          <div key={p.key} className={`facts__row${changed ? " facts__row--edited" : ""}`}>
            <dt>
              {p.label}
              {changed && <span className="edited-mark"> (edited)</span>}
            </dt>
            <dd>
              {p.values.length === 1 ? (
                p.values[0]
              ) : (
                <ul className="plain-list">
                  {p.values.map((v, i) => (
                    <li key={i}>{v}</li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
