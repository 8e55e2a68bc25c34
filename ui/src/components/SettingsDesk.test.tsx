import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FakeBackend } from "../ipc/fake";
import { renderApp, withPrefs } from "../test/render";

type User = ReturnType<typeof renderApp>["user"];

async function openSettings(user: User) {
  await user.click(screen.getByRole("button", { name: "Settings" }));
  return screen.getByRole("main", { name: "Settings" });
}

describe("settings: agent, policy and desk", () => {
  it("chooses who approves at this desk, in step with the header, and keeps the choice", async () => {
    const { user, backend } = renderApp();
    const main = await openSettings(user);
    const agent = within(main).getByRole("region", { name: "Agent" });
    const select = within(agent).getByRole("combobox", { name: "Agent at this desk" });
    const header = screen.getByRole("combobox", { name: "Approving agent" });
    await waitFor(() => expect(select).toHaveValue("agent_ana"));
    expect(agent).toHaveTextContent("Roleagent");
    expect(agent).toHaveTextContent("refunds or reships within the agent limits per action and per day");
    expect(agent).toHaveTextContent("Works the queuesGeneral");

    await user.selectOptions(select, "agent_sam");
    expect(header).toHaveValue("agent_sam");
    expect(agent).toHaveTextContent("Rolesenior");
    expect(agent).toHaveTextContent("Works the queuesSenior support, Trust & Safety");
    await waitFor(() => expect(backend.callsTo("setPrefs").at(-1)?.[0]).toMatchObject({ agent_id: "agent_sam" }));

    await user.selectOptions(header, "agent_fay");
    expect(select).toHaveValue("agent_fay");
    expect(agent).toHaveTextContent("Works the queuesBilling");
    expect(await backend.getPrefs()).toMatchObject({ agent_id: "agent_fay" });
  });

  it("starts with the agent kept in the preferences", async () => {
    const backend = withPrefs({ agent_id: "agent_sam" });
    renderApp(backend);
    await waitFor(() => expect(screen.getByRole("combobox", { name: "Approving agent" })).toHaveValue("agent_sam"));
    await screen.findByRole("button", { name: "Open ticket D-0101" });
    expect(backend.callsTo("listQueue")).toEqual([["agent_sam"]]);
  });

  it("shows the policy in force, and a refused file with its line", async () => {
    const backend = new FakeBackend();
    backend.setPolicyProblem({ path: "/data/policy.toml", line: 98, message: "tiers.agent.per_action: too many decimals" });
    const { user } = renderApp(backend);
    const policy = within(await openSettings(user)).getByRole("region", { name: "Policy" });
    await waitFor(() => expect(policy).toHaveTextContent("NameSandbox store support policy"));
    expect(policy).toHaveTextContent("Version1");
    expect(policy).toHaveTextContent("Rules27");
    expect(policy).toHaveTextContent("Sourcethe shipped sandbox policy");
    expect(policy).toHaveTextContent(
      "The policy file /data/policy.toml was refused, line 98: tiers.agent.per_action: too many decimals",
    );
  });

  it("saves each desk switch as it changes", async () => {
    const { user, backend } = renderApp();
    const desk = within(await openSettings(user)).getByRole("region", { name: "Desk" });
    const notifications = within(desk).getByRole("switch", { name: "Desktop notifications" });
    const onTop = within(desk).getByRole("switch", { name: "Keep window on top" });
    await waitFor(() => expect(notifications).toBeChecked());
    expect(onTop).not.toBeChecked();

    await user.click(onTop);
    await user.click(notifications);
    expect(onTop).toBeChecked();
    expect(notifications).not.toBeChecked();
    await waitFor(() => expect(within(desk).getByRole("status")).toHaveTextContent("Saved."));
    expect(await backend.getPrefs()).toMatchObject({ always_on_top: true, notifications: false });
  });

  it("explains an undo window it cannot use, and saves only a valid one", async () => {
    const { user, backend } = renderApp();
    const desk = within(await openSettings(user)).getByRole("region", { name: "Desk" });
    const undo = within(desk).getByRole("spinbutton", { name: "Undo window (seconds)" });
    expect(undo).toHaveValue(0);
    await user.clear(undo);
    await user.type(undo, "45");
    expect(desk).toHaveTextContent("Enter a whole number of seconds from 0 to 30. Not saved: approvals keep waiting");
    expect(undo).toHaveAttribute("aria-invalid", "true");
    expect(backend.callsTo("setPrefs").map(([p]) => (p as { undo_seconds: number }).undo_seconds)).not.toContain(45);

    await user.clear(undo);
    await user.type(undo, "12");
    expect(undo).toHaveAttribute("aria-invalid", "false");
    await waitFor(() => expect(backend.callsTo("setPrefs").at(-1)?.[0]).toMatchObject({ undo_seconds: 12 }));

    // The saved window is the one approvals wait.
    await user.click(screen.getByRole("button", { name: "Tickets" }));
    await user.click(await screen.findByRole("button", { name: "Open ticket D-0101" }));
    await user.click(await screen.findByRole("button", { name: "Approve action 1" }));
    expect(screen.getByRole("region", { name: "Approvals" })).toHaveTextContent("in 12 s");
  });

  it("puts a refused save back, and says why", async () => {
    const { user, backend } = renderApp();
    const desk = within(await openSettings(user)).getByRole("region", { name: "Desk" });
    const onTop = within(desk).getByRole("switch", { name: "Keep window on top" });
    backend.failNext("setPrefs", "The preferences file is read-only.");
    await user.click(onTop);
    expect(await within(desk).findByRole("alert")).toHaveTextContent(
      "Could not save the preferences: The preferences file is read-only.",
    );
    expect(onTop).not.toBeChecked();
  });

  it("names every control it shows", async () => {
    const { user } = renderApp();
    const main = await openSettings(user);
    await within(main).findByRole("region", { name: "Shop (Shopify)" });
    for (const control of main.querySelectorAll("input, select, button, textarea")) {
      const named =
        control.getAttribute("aria-label") ??
        (control.id ? main.querySelector(`label[for="${control.id}"]`)?.textContent : null) ??
        control.textContent;
      expect(named?.trim(), control.outerHTML).toBeTruthy();
    }
  });
});
