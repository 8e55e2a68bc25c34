// Declares the app's own commands so each gets an `allow-<command>` permission,
// and reads capabilities from `src-tauri/capabilities/`: a window can call exactly
// the commands its capability names, and nothing else.
fn main() {
    const COMMANDS: &[&str] = &[
        "list_queue",
        "open_ticket",
        "list_agents",
        "approve_action",
        "list_audit",
        "search_audit",
        "policy_status",
        "list_connections",
        "save_connection",
        "remove_credential",
        "test_connection",
        "save_draft",
        "discard_draft",
        "judge_action",
        "send_reply",
        "route_ticket",
        "get_prefs",
        "set_prefs",
        "notify",
        "take_startup_link",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
