//! The desk's own preferences, kept in `prefs.json` in the app's data folder: who
//! is signed in at this desk, notifications, the window kept on top, and how long
//! an approval can be taken back before it runs. No secret is ever kept here.

use std::path::{Path, PathBuf};

use countersign_domain::AgentId;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::DeskError;

/// The longest undo window the desk offers, in seconds.
pub const MAX_UNDO_SECONDS: u32 = 30;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Prefs {
    /// The agent approving at this desk; none until one is picked (the desk then
    /// offers the first agent).
    pub agent_id: Option<AgentId>,
    /// Desktop notifications for escalations to the agent's queue and for long
    /// actions that finish while the window is in the background.
    pub notifications: bool,
    /// Keep the window above the helpdesk's browser window.
    pub always_on_top: bool,
    /// Seconds an approval waits, with an Undo, before it runs (0: at once).
    pub undo_seconds: u32,
}

impl Default for Prefs {
    fn default() -> Prefs {
        Prefs {
            agent_id: None,
            notifications: true,
            always_on_top: false,
            undo_seconds: 5,
        }
    }
}

impl Prefs {
    pub fn validate(&self) -> Result<(), DeskError> {
        if self.undo_seconds > MAX_UNDO_SECONDS {
            return Err(DeskError::invalid(format!(
                "The undo window is at most {MAX_UNDO_SECONDS} seconds."
            )));
        }
        Ok(())
    }
}

/// The preferences file. A missing file reads as the defaults; so does an
/// unreadable one, which is set aside (`prefs.json.bad`) so nothing is lost.
#[derive(Debug, Clone)]
pub struct PrefsFile {
    path: PathBuf,
}

impl PrefsFile {
    pub fn new(path: impl Into<PathBuf>) -> PrefsFile {
        PrefsFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Prefs {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Prefs::default(),
            Err(error) => {
                tracing::warn!(path = %self.path.display(), %error, "preferences unreadable; using the defaults");
                return Prefs::default();
            }
        };
        match serde_json::from_str::<Prefs>(&text) {
            Ok(prefs) if prefs.validate().is_ok() => prefs,
            outcome => {
                let reason = match outcome {
                    Err(error) => error.to_string(),
                    Ok(_) => "out of range".to_owned(),
                };
                let aside = self.path.with_extension("json.bad");
                let _ = std::fs::rename(&self.path, &aside);
                tracing::warn!(path = %self.path.display(), %reason, aside = %aside.display(), "preferences invalid; set aside, using the defaults");
                Prefs::default()
            }
        }
    }

    /// Saves `prefs` whole: written beside and renamed into place, so a crash
    /// leaves the old file or the new one.
    pub fn save(&self, prefs: &Prefs) -> Result<(), DeskError> {
        prefs.validate()?;
        let fail = |error: std::io::Error| {
            DeskError::storage(format!(
                "Could not save the preferences to {}: {error}",
                self.path.display()
            ))
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let text = serde_json::to_string_pretty(prefs)
            .map_err(|error| DeskError::storage(error.to_string()))?;
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, text + "\n").map_err(fail)?;
        std::fs::rename(&partial, &self.path).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_reads_as_defaults_and_saves_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let file = PrefsFile::new(dir.path().join("prefs.json"));
        assert_eq!(file.load(), Prefs::default());
        let prefs = Prefs {
            agent_id: Some(AgentId::new("sam.senior")),
            notifications: false,
            always_on_top: true,
            undo_seconds: 0,
        };
        file.save(&prefs).unwrap();
        assert_eq!(file.load(), prefs);
    }

    #[test]
    fn a_corrupt_file_is_set_aside_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prefs.json");
        std::fs::write(&path, "{ not json").unwrap();
        let file = PrefsFile::new(&path);
        assert_eq!(file.load(), Prefs::default());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("prefs.json.bad")).unwrap(),
            "{ not json"
        );
    }

    #[test]
    fn an_undo_window_past_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = PrefsFile::new(dir.path().join("prefs.json"));
        let error = file
            .save(&Prefs {
                undo_seconds: 120,
                ..Prefs::default()
            })
            .unwrap_err();
        assert!(error.message.contains("at most 30"), "{}", error.message);
        assert!(!file.path().exists());
    }
}
