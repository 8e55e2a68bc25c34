//! Desktop notifications, over the freedesktop notification service (D-Bus) on
//! Linux. They say that something needs the agent, never what a customer wrote
//! beyond a ticket's subject.

/// Shows a notification; an error when no notification service answered.
pub fn show(title: &str, body: &str) -> Result<(), String> {
    notify_rust::Notification::new()
        .appname("Countersign")
        .summary(title)
        .body(body)
        .timeout(notify_rust::Timeout::Milliseconds(8000))
        .show()
        .map(|_| ())
        .map_err(|error| error.to_string())
}
