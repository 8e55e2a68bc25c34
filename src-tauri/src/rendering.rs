//! How WebKitGTK draws the window.
//!
//! The desk is a narrow panel of text, lists and forms: nothing in it gains from
//! accelerated compositing. On machines without a usable GPU (virtual desktops,
//! remote sessions, many support teams' thin clients) WebKitGTK composites through
//! software OpenGL instead, which roughly doubles the web process's memory and makes
//! every ticket switch several times slower to paint (measured by
//! `tests/e2e/bench.mjs`). So the desk paints without compositing unless asked:
//! `COUNTERSIGN_COMPOSITING=1` turns it back on, and a
//! `WEBKIT_DISABLE_COMPOSITING_MODE` set by the user is left as it is.

use std::ffi::OsString;

/// WebKitGTK's switch for accelerated compositing, read by its web process.
pub const WEBKIT_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";
/// The desk's own opt-in to accelerated compositing.
pub const OPT_IN: &str = "COUNTERSIGN_COMPOSITING";

/// The environment variable to set before the webview starts, if any, given a
/// reader of the current environment.
pub fn compositing_switch(
    var: impl Fn(&str) -> Option<OsString>,
) -> Option<(&'static str, &'static str)> {
    if var(WEBKIT_SWITCH).is_some() {
        return None;
    }
    match var(OPT_IN) {
        Some(value) if value == "1" || value == "true" => None,
        _ => Some((WEBKIT_SWITCH, "1")),
    }
}

/// Applies [`compositing_switch`] to this process, whose children (WebKit's web
/// process) inherit it. Called first thing in `run`, before any thread starts.
pub fn paint_without_compositing() {
    if !cfg!(target_os = "linux") {
        return;
    }
    if let Some((name, value)) = compositing_switch(|name| std::env::var_os(name)) {
        std::env::set_var(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn compositing_is_off_by_default() {
        assert_eq!(compositing_switch(env(&[])), Some((WEBKIT_SWITCH, "1")));
    }

    #[test]
    fn the_agent_can_turn_compositing_back_on() {
        assert_eq!(compositing_switch(env(&[(OPT_IN, "1")])), None);
        assert_eq!(compositing_switch(env(&[(OPT_IN, "true")])), None);
        assert_eq!(
            compositing_switch(env(&[(OPT_IN, "0")])),
            Some((WEBKIT_SWITCH, "1"))
        );
    }

    #[test]
    fn a_webkit_setting_of_the_users_own_is_kept() {
        assert_eq!(compositing_switch(env(&[(WEBKIT_SWITCH, "0")])), None);
    }
}
