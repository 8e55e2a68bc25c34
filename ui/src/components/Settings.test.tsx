import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { usePrefs } from "../hooks/usePrefs";
import { BackendProvider } from "../ipc/BackendContext";
import type { ConnectionSettings } from "../ipc/bindings";
import { FakeBackend } from "../ipc/fake";
import { agents } from "../ipc/fixtures";
import { renderApp } from "../test/render";
import { Settings } from "./Settings";

const AGENT = "agent_ana";

function shopSettings(address = ""): ConnectionSettings {
  return { agent_id: AGENT, kind: "shop", address, email: "", llm_api: "openai", model: "" };
}

/** Settings with the preferences as the app keeps them. */
function Harness() {
  const prefs = usePrefs();
  return <Settings agents={agents} agentId={AGENT} onAgentChange={() => {}} prefs={prefs} />;
}

function renderSettings(backend: FakeBackend = new FakeBackend()) {
  const user = userEvent.setup();
  render(
    <BackendProvider backend={backend}>
      <Harness />
    </BackendProvider>,
  );
  return { user, backend };
}

const section = (name: string) => screen.findByRole("region", { name });

describe("settings", () => {
  it("is reached from the header's View group and shows the sandbox as always available and the default", async () => {
    const { user, backend } = renderApp();
    const views = screen.getByRole("group", { name: "View" });
    const button = within(views).getByRole("button", { name: "Settings" });
    expect(button).toHaveAttribute("aria-pressed", "false");

    await user.click(button);
    expect(button).toHaveAttribute("aria-pressed", "true");
    expect(within(views).getByRole("button", { name: "Tickets" })).toHaveAttribute("aria-pressed", "false");
    const main = screen.getByRole("main", { name: "Settings" });
    expect(within(main).getByRole("heading", { name: "Settings", level: 2 })).toBeInTheDocument();

    const sandbox = await within(main).findByRole("region", { name: "Sandbox store" });
    expect(sandbox).toHaveTextContent("Default");
    expect(sandbox).toHaveTextContent("Always available");
    expect(sandbox).toHaveTextContent("no account, no credential");
    expect(within(sandbox).queryByRole("textbox")).toBeNull();
    expect(backend.callsTo("listConnections")).toEqual([[AGENT]]);

    const titles = within(main)
      .getAllByRole("heading", { level: 4 })
      .map((h) => h.textContent);
    expect(titles).toEqual(["Sandbox store", "Helpdesk (Zendesk)", "Shop (Shopify)", "Billing (Stripe)", "Language model"]);
  });

  it("labels every field and never pre-fills a stored credential", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection(shopSettings("acme.myshopify.com"), "testshop_already_stored");
    renderSettings(backend);

    const shop = await section("Shop (Shopify)");
    expect(within(shop).getByRole("textbox", { name: "Store domain" })).toHaveValue("acme.myshopify.com");
    const token = within(shop).getByLabelText("Admin API access token");
    expect(token).toHaveAttribute("type", "password");
    expect(token).toHaveValue("");
    expect(shop).toHaveTextContent("Credential stored");
    expect(shop).not.toHaveTextContent("testshop_already_stored");
    expect(within(shop).getByRole("button", { name: "Remove credential" })).toBeEnabled();

    const helpdesk = await section("Helpdesk (Zendesk)");
    expect(within(helpdesk).getByRole("textbox", { name: "Zendesk subdomain" })).toBeInTheDocument();
    expect(within(helpdesk).getByRole("textbox", { name: "Sign-in email" })).toBeInTheDocument();
    expect(within(helpdesk).getByLabelText("API token")).toHaveAttribute("type", "password");
    expect(helpdesk).toHaveTextContent("No credential");
    expect(within(helpdesk).getByRole("button", { name: "Remove credential" })).toBeDisabled();

    const billing = await section("Billing (Stripe)");
    expect(within(billing).getByRole("textbox", { name: "API base URL" })).toBeInTheDocument();
    expect(within(billing).getByLabelText("Secret key")).toHaveAttribute("type", "password");

    const llm = await section("Language model");
    expect(within(llm).getByRole("combobox", { name: "API" })).toHaveValue("openai");
    expect(within(llm).getByRole("textbox", { name: "Base URL" })).toBeInTheDocument();
    expect(within(llm).getByRole("textbox", { name: "Model" })).toBeInTheDocument();
    expect(within(llm).getByLabelText("API key")).toHaveAttribute("type", "password");

    // Every control in the view has an accessible name.
    const controls = document.querySelectorAll("input, select, button");
    expect(controls.length).toBeGreaterThan(0);
    for (const control of controls) {
      const named =
        control.getAttribute("aria-label") ??
        (control.id ? document.querySelector(`label[for="${control.id}"]`)?.textContent : null) ??
        control.textContent;
      expect(named?.trim(), control.outerHTML).toBeTruthy();
    }
  });

  it("saves the settings and a new credential, then empties the credential field", async () => {
    const { user, backend } = renderSettings();
    const shop = await section("Shop (Shopify)");
    await user.type(within(shop).getByRole("textbox", { name: "Store domain" }), "acme.myshopify.com");
    await user.type(within(shop).getByLabelText("Admin API access token"), "testshop_new_token");
    await user.click(within(shop).getByRole("button", { name: "Save" }));

    expect(await within(shop).findByRole("status")).toHaveTextContent(
      "Settings saved; the Admin API access token is in the OS keychain.",
    );
    expect(backend.callsTo("saveConnection")).toEqual([[shopSettings("acme.myshopify.com"), "testshop_new_token"]]);
    expect(backend.storedCredential(AGENT, "shop")).toBe("testshop_new_token");
    expect(within(shop).getByLabelText("Admin API access token")).toHaveValue("");
    expect(shop).toHaveTextContent("Credential stored");
    expect(within(shop).getByRole("button", { name: "Remove credential" })).toBeEnabled();
  });

  it("saving with the credential field empty keeps the stored credential", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection(shopSettings("acme"), "testshop_kept");
    const { user } = renderSettings(backend);
    const shop = await section("Shop (Shopify)");
    const domain = within(shop).getByRole("textbox", { name: "Store domain" });
    await user.clear(domain);
    await user.type(domain, "acme-eu");
    await user.click(within(shop).getByRole("button", { name: "Save" }));

    expect(await within(shop).findByText("Settings saved.")).toBeInTheDocument();
    expect(backend.callsTo("saveConnection").at(-1)).toEqual([shopSettings("acme-eu"), null]);
    expect(backend.storedCredential(AGENT, "shop")).toBe("testshop_kept");
  });

  it("removes a stored credential and says so", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection(shopSettings("acme"), "testshop_to_remove");
    const { user } = renderSettings(backend);
    const shop = await section("Shop (Shopify)");
    await user.click(within(shop).getByRole("button", { name: "Remove credential" }));

    expect(await within(shop).findByRole("status")).toHaveTextContent(
      "The Admin API access token was removed from the OS keychain.",
    );
    expect(backend.callsTo("removeCredential")).toEqual([[AGENT, "shop"]]);
    expect(backend.storedCredential(AGENT, "shop")).toBeUndefined();
    expect(shop).toHaveTextContent("No credential");
    expect(within(shop).getByRole("button", { name: "Remove credential" })).toBeDisabled();
    expect(within(shop).getByRole("textbox", { name: "Store domain" })).toHaveValue("acme");
  });

  it("tests a connection and puts the answer in words", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection(shopSettings("acme"), "testshop_token");
    const { user } = renderSettings(backend);
    const shop = await section("Shop (Shopify)");
    const status = within(shop).getByRole("status");

    await user.click(within(shop).getByRole("button", { name: "Test connection" }));
    await waitFor(() => expect(status).toHaveTextContent("Connection works: Connected to the fake shop service."));
    expect(backend.callsTo("testConnection")).toEqual([[AGENT, "shop"]]);

    backend.setCheck({
      kind: "shop",
      outcome: "bad_token",
      account: null,
      message: "Shopify refused the Admin API access token (401): check that it was copied whole and is still active.",
    });
    await user.click(within(shop).getByRole("button", { name: "Test connection" }));
    await waitFor(() => expect(status).toHaveTextContent(/^Credential refused: Shopify refused the Admin API access token \(401\)/));

    // An edit not yet saved: the words say what was tested.
    await user.type(within(shop).getByRole("textbox", { name: "Store domain" }), "-eu");
    await user.click(within(shop).getByRole("button", { name: "Test connection" }));
    await waitFor(() => expect(status).toHaveTextContent("The saved settings were tested; save to test your changes."));

    const billing = await section("Billing (Stripe)");
    await user.click(within(billing).getByRole("button", { name: "Test connection" }));
    await waitFor(() =>
      expect(within(billing).getByRole("status")).toHaveTextContent("Not set up: No credential is stored for this connection"),
    );
  });

  it("says while a test is running, and keeps the buttons from being pressed twice", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection(shopSettings("acme"), "testshop_token");
    const release = backend.hold("testConnection");
    const { user } = renderSettings(backend);
    const shop = await section("Shop (Shopify)");
    await user.click(within(shop).getByRole("button", { name: "Test connection" }));
    expect(within(shop).getByRole("status")).toHaveTextContent("Testing the connection…");
    expect(within(shop).getByRole("button", { name: "Test connection" })).toBeDisabled();
    expect(within(shop).getByRole("button", { name: "Save" })).toBeDisabled();
    release();
    await waitFor(() => expect(within(shop).getByRole("status")).toHaveTextContent("Connection works"));
    expect(within(shop).getByRole("button", { name: "Test connection" })).toBeEnabled();
  });

  it("says when the OS keychain cannot be reached", async () => {
    const backend = new FakeBackend();
    const problem = "No Secret Service is running: DBus error: The name org.freedesktop.secrets was not provided.";
    backend.setKeychainUnavailable(problem);
    const { user } = renderSettings(backend);
    const billing = await section("Billing (Stripe)");
    expect(billing).toHaveTextContent(`The OS keychain cannot be reached, so no credential can be saved or read: ${problem}`);
    expect(await section("Sandbox store")).toHaveTextContent("Always available");

    await user.type(within(billing).getByLabelText("Secret key"), "sk_test_123");
    await user.click(within(billing).getByRole("button", { name: "Save" }));
    expect(await within(billing).findByRole("alert")).toHaveTextContent(problem);
    expect(billing).not.toHaveTextContent("sk_test_123");
  });

  it("asks for the language model's API and model, and saves them", async () => {
    const { user, backend } = renderSettings();
    const llm = await section("Language model");
    const base = within(llm).getByRole("textbox", { name: "Base URL" });
    expect(base).toHaveAttribute("placeholder", "https://api.openai.com/v1");
    await user.selectOptions(within(llm).getByRole("combobox", { name: "API" }), "Anthropic");
    expect(base).toHaveAttribute("placeholder", "https://api.anthropic.com");
    await user.type(within(llm).getByRole("textbox", { name: "Model" }), "claude-sonnet-4-5");
    await user.type(within(llm).getByLabelText("API key"), "sk-ant-xyz");
    await user.click(within(llm).getByRole("button", { name: "Save" }));

    await within(llm).findByText(/Settings saved; the API key is in the OS keychain/);
    expect(backend.callsTo("saveConnection")).toEqual([
      [
        { agent_id: AGENT, kind: "llm", address: "", email: "", llm_api: "anthropic", model: "claude-sonnet-4-5" },
        "sk-ant-xyz",
      ],
    ]);
  });

  it("shows the chosen agent's connections, and says when they cannot be loaded", async () => {
    const backend = new FakeBackend();
    await backend.saveConnection({ ...shopSettings("sam-store"), agent_id: "agent_sam" }, "testshop_sam");
    backend.failNext("listConnections", "The connection settings file could not be read.");
    const { user } = renderApp(backend);
    await user.click(screen.getByRole("button", { name: "Settings" }));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the connections: The connection settings file could not be read.");
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Connections of Ana Ruiz" })).toBeInTheDocument();
    expect(await section("Shop (Shopify)")).toHaveTextContent("No credential");

    await user.selectOptions(screen.getByRole("combobox", { name: "Approving agent" }), "agent_sam");
    expect(await screen.findByRole("heading", { name: "Connections of Sam Okafor" })).toBeInTheDocument();
    const shop = await section("Shop (Shopify)");
    await waitFor(() => expect(within(shop).getByRole("textbox", { name: "Store domain" })).toHaveValue("sam-store"));
    expect(shop).toHaveTextContent("Credential stored");
  });
});
