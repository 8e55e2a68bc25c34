//! The floor of the desk's start-up and memory benchmark (`tests/e2e/bench.mjs`):
//! the smallest window the same Tauri version opens. What the desk costs above it
//! is what the desk itself costs.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    if let Err(error) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the floor window could not start: {error}");
        std::process::exit(1);
    }
}
