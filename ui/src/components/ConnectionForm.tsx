import { useId, useState } from "react";
import type { FormEvent, ReactNode } from "react";
import { toBackendError } from "../ipc/backend";
import { useBackend } from "../ipc/BackendContext";
import type { ConnectionSettings, ConnectionStatus, LlmApi } from "../ipc/bindings";
import { checkOutcomeLabel, CONNECTIONS, LLM_APIS } from "../lib/connections";
import { Badge } from "./Badge";

type Busy = "save" | "remove" | "test";

const BUSY_WORDS: Record<Busy, string> = {
  save: "Saving…",
  remove: "Removing the credential…",
  test: "Testing the connection…",
};

interface Result {
  text: string;
  tone: "ok" | "problem" | "neutral";
}

function sameSettings(a: ConnectionSettings, b: ConnectionSettings): boolean {
  return a.address === b.address && a.email === b.email && a.llm_api === b.llm_api && a.model === b.model;
}

interface FieldProps {
  label: string;
  hint?: string;
  children: (ids: { id: string; hintId: string | undefined }) => ReactNode;
}

function Field({ label, hint, children }: FieldProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {children({ id, hintId: hint ? hintId : undefined })}
      {hint && (
        <p id={hintId} className="field__hint muted">
          {hint}
        </p>
      )}
    </div>
  );
}

interface Props {
  status: ConnectionStatus;
  onChange: (status: ConnectionStatus) => void;
}

/**
 * One connection's settings and credential. The credential field is a password
 * input that starts empty every time: a stored credential is never sent back to
 * the window, only whether there is one. "Test connection" tests what is saved.
 */
export function ConnectionForm({ status, onChange }: Props) {
  const backend = useBackend();
  const { kind, agent_id: agentId } = status.settings;
  const words = CONNECTIONS[kind];
  const [draft, setDraft] = useState<ConnectionSettings>(status.settings);
  const [secret, setSecret] = useState("");
  const [busy, setBusy] = useState<Busy | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);

  const set = <K extends keyof ConnectionSettings>(key: K, value: ConnectionSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));
  const unsaved = !sameSettings(draft, status.settings) || secret !== "";

  async function run(what: Busy, call: () => Promise<Result>) {
    setBusy(what);
    setError(null);
    setResult(null);
    try {
      setResult(await call());
    } catch (e) {
      setError(toBackendError(e).message);
    } finally {
      setBusy(null);
    }
  }

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run("save", async () => {
      const typed = secret.trim() === "" ? null : secret;
      const saved = await backend.saveConnection(draft, typed);
      setSecret("");
      setDraft(saved.settings);
      onChange(saved);
      const text =
        typed === null ? "Settings saved." : `Settings saved; the ${words.credentialInSentence} is in the OS keychain.`;
      return { text, tone: "ok" };
    });
  };

  const remove = () =>
    void run("remove", async () => {
      const updated = await backend.removeCredential(agentId, kind);
      onChange(updated);
      return { text: `The ${words.credentialInSentence} was removed from the OS keychain.`, tone: "neutral" };
    });

  const test = () =>
    void run("test", async () => {
      const check = await backend.testConnection(agentId, kind);
      const note = unsaved ? " (The saved settings were tested; save to test your changes.)" : "";
      const tone = check.outcome === "ok" ? "ok" : check.outcome === "not_set_up" ? "neutral" : "problem";
      return { text: `${checkOutcomeLabel(check.outcome)}: ${check.message}${note}`, tone };
    });

  const stateId = useId();
  let credentialState: ReactNode;
  if (status.credential === "stored") {
    credentialState = (
      <p id={stateId} className="connection__credential">
        <Badge tone="credential-stored">Credential stored</Badge> Kept in the OS keychain; leave the{" "}
        {words.credentialInSentence} field empty to keep it.
      </p>
    );
  } else if (status.credential === "unavailable") {
    credentialState = (
      <p id={stateId} className="connection__credential notice notice--error">
        The OS keychain cannot be reached, so no credential can be saved or read: {status.problem}
      </p>
    );
  } else {
    credentialState = (
      <p id={stateId} className="connection__credential">
        <Badge tone="credential-missing">No credential</Badge> No {words.credentialInSentence} is stored yet.
      </p>
    );
  }

  const addressPlaceholder = kind === "llm" ? LLM_APIS[draft.llm_api].placeholder : words.addressPlaceholder;

  return (
    <section aria-label={words.title} className="connection">
      <h4 className="connection__title">
        {words.title}
      </h4>
      {credentialState}
      <form className="connection__form" onSubmit={save}>
        {kind === "llm" && (
          <Field label="API">
            {({ id }) => (
              <select id={id} value={draft.llm_api} onChange={(e) => set("llm_api", e.target.value as LlmApi)}>
                {(Object.keys(LLM_APIS) as LlmApi[]).map((api) => (
                  <option key={api} value={api}>
                    {LLM_APIS[api].label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        {words.address && (
          <Field label={words.address} hint={words.addressHint}>
            {({ id, hintId }) => (
              <input
                id={id}
                type="text"
                inputMode="url"
                autoComplete="off"
                spellCheck={false}
                placeholder={addressPlaceholder}
                aria-describedby={hintId}
                value={draft.address}
                onChange={(e) => set("address", e.target.value)}
              />
            )}
          </Field>
        )}
        {kind === "helpdesk" && (
          <Field
            label="Sign-in email"
            hint="The Zendesk user the API token belongs to; leave empty for an OAuth access token."
          >
            {({ id, hintId }) => (
              <input
                id={id}
                type="email"
                autoComplete="off"
                spellCheck={false}
                aria-describedby={hintId}
                value={draft.email}
                onChange={(e) => set("email", e.target.value)}
              />
            )}
          </Field>
        )}
        {kind === "llm" && (
          <Field label="Model" hint="Checked against the models the endpoint lists.">
            {({ id, hintId }) => (
              <input
                id={id}
                type="text"
                autoComplete="off"
                spellCheck={false}
                placeholder="e.g. gpt-4.1-mini"
                aria-describedby={hintId}
                value={draft.model}
                onChange={(e) => set("model", e.target.value)}
              />
            )}
          </Field>
        )}
        <Field label={words.credential}>
          {({ id }) => (
            <input
              id={id}
              type="password"
              autoComplete="off"
              spellCheck={false}
              aria-describedby={stateId}
              placeholder={status.credential === "stored" ? "Stored — type to replace" : ""}
              value={secret}
              onChange={(e) => setSecret(e.target.value)}
            />
          )}
        </Field>
        <div className="connection__actions">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            Save
          </button>
          <button
            type="button"
            className="button"
            disabled={busy !== null || status.credential !== "stored"}
            onClick={remove}
          >
            Remove credential
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={test}>
            Test connection
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="notice notice--error">
          {error}
        </p>
      )}
      <p role="status" className={`connection__result connection__result--${result?.tone ?? "neutral"}`}>
        {busy ? BUSY_WORDS[busy] : (result?.text ?? "")}
      </p>
    </section>
  );
}
