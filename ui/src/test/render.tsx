import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../App";
import { BackendProvider } from "../ipc/BackendContext";
import { FakeBackend } from "../ipc/fake";

/** Renders the whole app over a fake back end. */
export function renderApp(backend: FakeBackend = new FakeBackend()) {
  const user = userEvent.setup();
  const utils = render(
    <BackendProvider backend={backend}>
      <App />
    </BackendProvider>,
  );
  return { ...utils, user, backend };
}
