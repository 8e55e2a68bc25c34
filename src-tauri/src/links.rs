//! Deep links: `countersign://ticket/<id>` hands a ticket to the desk, from a
//! helpdesk macro, a browser or a chat message.
//!
//! The OS starts `countersign-desk <link>`. When a desk is already running on the
//! same data folder, the new process hands the link to it over a Unix socket in
//! that folder (`desk.sock`) and exits, so one desk, one window, gets every link;
//! otherwise it starts and opens the link itself. The link is only text for the
//! UI to parse: it can select a ticket, never act on one.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The event the UI listens to for a link that arrives while it runs.
pub const OPEN_LINK_EVENT: &str = "countersign://open-link";

/// The longest link accepted over the socket.
const MAX_LINK: usize = 2048;

/// The first `countersign:` argument the desk was started with.
pub fn link_in_args(args: impl IntoIterator<Item = String>) -> Option<String> {
    args.into_iter()
        .skip(1)
        .find(|arg| arg.starts_with("countersign:"))
        .filter(|link| link.len() <= MAX_LINK)
}

/// The link the desk was started with, handed to the UI once.
#[derive(Default)]
pub struct StartupLink(Mutex<Option<String>>);

impl StartupLink {
    pub fn new(link: Option<String>) -> StartupLink {
        StartupLink(Mutex::new(link))
    }

    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut link| link.take())
    }
}

pub fn socket_path(data_dir: &Path) -> PathBuf {
    data_dir.join("desk.sock")
}

#[cfg(unix)]
mod unix {
    use std::io::{Read, Write};
    use std::os::unix::net::{UnixListener, UnixStream};
    use std::path::Path;

    use super::MAX_LINK;

    /// Hands `link` to a desk already running on this data folder. `Ok(true)`
    /// when one took it; `Ok(false)` when none is running (a socket left by a
    /// desk that stopped is removed).
    pub fn hand_over(socket: &Path, link: &str) -> std::io::Result<bool> {
        match UnixStream::connect(socket) {
            Ok(mut stream) => {
                stream.write_all(link.as_bytes())?;
                stream.shutdown(std::net::Shutdown::Write)?;
                // Wait for the running desk's acknowledgement.
                let mut ack = [0u8; 2];
                let _ = stream.read(&mut ack)?;
                Ok(true)
            }
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
                ) =>
            {
                let _ = std::fs::remove_file(socket);
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// Listens for links from later launches; `deliver` gets each one.
    pub fn listen(socket: &Path, deliver: impl Fn(String) + Send + 'static) -> std::io::Result<()> {
        let _ = std::fs::remove_file(socket);
        let listener = UnixListener::bind(socket)?;
        std::thread::Builder::new()
            .name("deep-links".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    let Ok(mut stream) = stream else { continue };
                    let mut text = String::new();
                    let read = (&mut stream)
                        .take(MAX_LINK as u64 + 1)
                        .read_to_string(&mut text);
                    if read.is_err() || text.len() > MAX_LINK {
                        tracing::warn!("a deep link could not be read; ignored");
                        continue;
                    }
                    let _ = stream.write_all(b"ok");
                    deliver(text.trim().to_owned());
                }
            })?;
        Ok(())
    }
}

#[cfg(unix)]
pub use unix::{hand_over, listen};

/// Elsewhere a second launch starts a second desk: links reach the desk they
/// start.
#[cfg(not(unix))]
pub fn hand_over(_socket: &Path, _link: &str) -> std::io::Result<bool> {
    Ok(false)
}

#[cfg(not(unix))]
pub fn listen(_socket: &Path, _deliver: impl Fn(String) + Send + 'static) -> std::io::Result<()> {
    Ok(())
}

/// Makes this binary the handler of `countersign:` links for the user, on Linux:
/// a desktop entry in `$XDG_DATA_HOME/applications` and, where `xdg-mime` is
/// installed, the scheme's default set to it. Run by `countersign-desk
/// --register-links` (`scripts/start.sh` does); idempotent.
pub fn register_scheme() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .ok_or("neither XDG_DATA_HOME nor HOME is set")?;
    let dir = data.join("applications");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let entry = dir.join("countersign-desk-links.desktop");
    let text = format!(
        "[Desktop Entry]\nType=Application\nName=Countersign\nComment=Opens countersign:// ticket links in the desk\nExec=\"{}\" %u\nNoDisplay=true\nTerminal=false\nMimeType=x-scheme-handler/countersign;\n",
        exe.display()
    );
    std::fs::write(&entry, text).map_err(|e| format!("cannot write {}: {e}", entry.display()))?;
    match std::process::Command::new("xdg-mime")
        .args([
            "default",
            "countersign-desk-links.desktop",
            "x-scheme-handler/countersign",
        ])
        .status()
    {
        Ok(status) if status.success() => {}
        Ok(status) => return Err(format!("xdg-mime failed ({status})")),
        Err(error) => {
            tracing::info!(%error, "xdg-mime is not installed; the desktop entry alone declares the scheme")
        }
    }
    Ok(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_found_among_the_arguments() {
        let args = ["countersign-desk", "--flag", "countersign://ticket/D-0058"].map(String::from);
        assert_eq!(
            link_in_args(args).as_deref(),
            Some("countersign://ticket/D-0058")
        );
        assert_eq!(link_in_args(["countersign-desk"].map(String::from)), None);
        let long = format!("countersign://ticket/{}", "x".repeat(3000));
        assert_eq!(link_in_args(["countersign-desk".to_owned(), long]), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_second_launch_hands_its_link_to_the_running_desk() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path());
        assert!(!hand_over(&socket, "countersign://ticket/A").unwrap());
        let (sent, received) = std::sync::mpsc::channel();
        listen(&socket, move |link| sent.send(link).unwrap()).unwrap();
        assert!(hand_over(&socket, "countersign://ticket/D-0058").unwrap());
        let link = received
            .recv_timeout(std::time::Duration::from_secs(5))
            .unwrap();
        assert_eq!(link, "countersign://ticket/D-0058");
    }

    #[cfg(unix)]
    #[test]
    fn a_socket_left_by_a_stopped_desk_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let socket = socket_path(dir.path());
        drop(std::os::unix::net::UnixListener::bind(&socket).unwrap());
        assert!(socket.exists());
        assert!(!hand_over(&socket, "countersign://ticket/A").unwrap());
        assert!(!socket.exists());
    }
}
