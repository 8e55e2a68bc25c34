import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { BackendProvider } from "../ipc/BackendContext";
import { FakeBackend } from "../ipc/fake";
import type { Fixtures } from "../ipc/fixtures";
import { fixtures } from "../ipc/fixtures";

/** Renders the whole app over a fake back end. */
export function renderApp(backend: FakeBackend = new FakeBackend(), options: Parameters<typeof userEvent.setup>[0] = {}) {
  const user = userEvent.setup(options);
  const utils = render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
  return { ...utils, user, backend };
}

/** A fake back end whose saved preferences are `prefs` (over the fixtures'). */
export function withPrefs(prefs: Partial<Fixtures["prefs"]>): FakeBackend {
  return new FakeBackend({ ...fixtures, prefs: { ...fixtures.prefs, ...prefs } });
}
