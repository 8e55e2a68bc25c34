import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));
const listen = vi.fn();
vi.mock("@tauri-apps/api/event", () => ({ listen: (...args: unknown[]) => listen(...args) }));

const { createTauriBackend } = await import("./tauri");
const { BackendError, toBackendError } = await import("./backend");

describe("Tauri backend", () => {
  beforeEach(() => {
    invoke.mockReset();
    invoke.mockResolvedValue("ok");
    listen.mockReset();
  });

  it("calls the commands with the agreed names and arguments", async () => {
    const b = createTauriBackend();
    await b.listQueue("agent_sam");
    await b.listQueue(null);
    await b.openTicket("D-1");
    await b.listAgents();
    await b.approveAction("D-1", 2, "agent_sam", null);
    await b.listAudit("D-1");
    await b.listAudit(null);
    const query = { ticket_id: "D-1", customer_id: null, agent_id: null, action: null, outcome: "executed" } as const;
    await b.searchAudit(query);
    expect(invoke.mock.calls).toEqual([
      ["list_queue", { agentId: "agent_sam" }],
      ["list_queue", { agentId: null }],
      ["open_ticket", { id: "D-1" }],
      ["list_agents", undefined],
      ["approve_action", { ticketId: "D-1", actionIndex: 2, agentId: "agent_sam", edited: null }],
      ["list_audit", { ticketId: "D-1" }],
      ["list_audit", { ticketId: null }],
      ["search_audit", { query }],
    ]);
  });

  it("calls the desk commands with the agreed names and arguments", async () => {
    const b = createTauriBackend();
    const edited = {
      type: "refund",
      order_id: "#W1",
      amount: "25.00",
      refund_method_id: "pm",
      reason: "late",
    } as const;
    const reply = { ticket_id: "D-1", agent_id: "agent_ana", text: "Hi", visibility: "internal", status: null } as const;
    const route = { ticket_id: "D-1", agent_id: "agent_ana", queue: "billing", summary: "Over the limit" } as const;
    const prefs = { agent_id: "agent_ana", notifications: false, always_on_top: true, undo_seconds: 0 };
    await b.approveAction("D-1", 0, "agent_ana", edited);
    await b.judgeAction("D-1", 0, "agent_ana", edited);
    await b.sendReply(reply);
    await b.routeTicket(route);
    await b.getPrefs();
    await b.setPrefs(prefs);
    await b.notify("Escalated to your queue", "Refund (Billing)");
    await b.takeStartupLink();
    expect(invoke.mock.calls).toEqual([
      ["approve_action", { ticketId: "D-1", actionIndex: 0, agentId: "agent_ana", edited }],
      ["judge_action", { ticketId: "D-1", actionIndex: 0, agentId: "agent_ana", edited }],
      ["send_reply", { request: reply }],
      ["route_ticket", { request: route }],
      ["get_prefs", undefined],
      ["set_prefs", { new: prefs }],
      ["notify", { title: "Escalated to your queue", body: "Refund (Billing)" }],
      ["take_startup_link", undefined],
    ]);
  });

  it("passes opened links to the handler until unsubscribed, even before listen resolves", async () => {
    let emit: (event: { payload: unknown }) => void = () => {};
    const unlisten = vi.fn();
    let resolve: (stop: () => void) => void = () => {};
    listen.mockImplementation((name: string, handler: typeof emit) => {
      expect(name).toBe("countersign://open-link");
      emit = handler;
      return new Promise((r) => (resolve = r));
    });
    const b = createTauriBackend();
    const links: string[] = [];
    const stop = b.onOpenLink((link) => links.push(link));
    emit({ payload: "countersign://ticket/D-1" });
    emit({ payload: 42 });
    expect(links).toEqual(["countersign://ticket/D-1"]);

    // Stopped before `listen` resolved: the listener is removed once it is known.
    stop();
    emit({ payload: "countersign://ticket/D-2" });
    resolve(unlisten);
    await Promise.resolve();
    await Promise.resolve();
    expect(unlisten).toHaveBeenCalledTimes(1);
    expect(links).toEqual(["countersign://ticket/D-1"]);
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
    await b.saveConnection(settings, "testshop_x");
    await b.saveConnection(settings, null);
    await b.removeCredential("agent_ana", "shop");
    await b.testConnection("agent_ana", "llm");
    expect(invoke.mock.calls).toEqual([
      ["list_connections", { agentId: "agent_ana" }],
      ["save_connection", { settings, secret: "testshop_x" }],
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
    await expect(createTauriBackend().listQueue(null)).rejects.toMatchObject({
      code: "unknown",
      message: "command list_queue not found",
    });
    expect(toBackendError(new TypeError("boom"))).toMatchObject({ code: "unknown", message: "boom" });
    expect(toBackendError({ code: "weird", message: "m" })).toMatchObject({ code: "unknown", message: "m" });
    expect(toBackendError(undefined).message).toMatch(/did not answer/);
  });
});
