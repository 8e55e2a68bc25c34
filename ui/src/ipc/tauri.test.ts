import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { createTauriBackend } = await import("./tauri");
const { BackendError, toBackendError } = await import("./backend");

describe("Tauri backend", () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue("ok");
  });

  it("calls the commands with the agreed names and arguments", async () => {
    const b = createTauriBackend();
    await b.listQueue();
    await b.openTicket("D-1");
    await b.listAgents();
    await b.approveAction("D-1", 2, "agent_sam");
    await b.listAudit("D-1");
    await b.listAudit(null);
    const query = { ticket_id: "D-1", customer_id: null, agent_id: null, action: null, outcome: "executed" } as const;
    await b.searchAudit(query);
    expect(invoke.mock.calls).toEqual([
      ["list_queue", undefined],
      ["open_ticket", { id: "D-1" }],
      ["list_agents", undefined],
      ["approve_action", { ticketId: "D-1", actionIndex: 2, agentId: "agent_sam" }],
      ["list_audit", { ticketId: "D-1" }],
      ["list_audit", { ticketId: null }],
      ["search_audit", { query }],
    ]);
  });

  it("calls the connection commands with the agreed names and arguments", async () => {
    const b = createTauriBackend();
    const settings = {
      agent_id: "agent_ana",
      kind: "shop",
      address: "acme",
      email: "",
      llm_api: "openai",
      model: "",
    } as const;
    await b.listConnections("agent_ana");
    await b.saveConnection(settings, "shpat_x");
    await b.saveConnection(settings, null);
    await b.removeCredential("agent_ana", "shop");
    await b.testConnection("agent_ana", "llm");
    expect(invoke.mock.calls).toEqual([
      ["list_connections", { agentId: "agent_ana" }],
      ["save_connection", { settings, secret: "shpat_x" }],
      ["save_connection", { settings, secret: null }],
      ["remove_credential", { agentId: "agent_ana", kind: "shop" }],
      ["test_connection", { agentId: "agent_ana", kind: "llm" }],
    ]);
  });

  it("turns a DeskError rejection into a BackendError", async () => {
    invoke.mockRejectedValueOnce({ code: "not_found", message: "No ticket D-9." });
    const error = await createTauriBackend().openTicket("D-9").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: "not_found", message: "No ticket D-9." });
  });

  it("turns any other rejection into a BackendError too", async () => {
    invoke.mockRejectedValueOnce("command list_queue not found");
    await expect(createTauriBackend().listQueue()).rejects.toMatchObject({
      code: "unknown",
      message: "command list_queue not found",
    });
    expect(toBackendError(new TypeError("boom"))).toMatchObject({ code: "unknown", message: "boom" });
    expect(toBackendError({ code: "weird", message: "m" })).toMatchObject({ code: "unknown", message: "m" });
    expect(toBackendError(undefined).message).toMatch(/did not answer/);
  });
});
