//! The optional state file: loaded at start, written (debounced) after changes and on
//! stop. Writes go to a temporary file that is renamed over the old one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;
use std::{fs, io};

use crate::state::World;

/// Reads a state file; `Ok(None)` when it does not exist.
pub(crate) fn load(path: &Path) -> io::Result<Option<World>> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes `world` to `path` atomically.
pub(crate) fn save(path: &Path, world: &World) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(world).map_err(io::Error::other)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    fs::write(&tmp, json)?;
    fs::rename(&tmp, path)
}

/// A background writer: `changed()` is cheap; the thread saves at most every 50 ms.
pub(crate) struct Saver {
    path: PathBuf,
    tx: Mutex<Option<Sender<()>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Saver {
    pub fn start(path: PathBuf, world: Arc<Mutex<World>>) -> Self {
        let (tx, rx) = channel::<()>();
        let p = path.clone();
        let thread = std::thread::Builder::new()
            .name("sandbox-state".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    std::thread::sleep(Duration::from_millis(50));
                    while rx.try_recv().is_ok() {}
                    let snapshot = world.lock().expect("state lock").clone();
                    if let Err(e) = save(&p, &snapshot) {
                        eprintln!(
                            "justclick sandbox: cannot save state to {}: {e}",
                            p.display()
                        );
                    }
                }
            })
            .ok();
        Saver {
            path,
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(thread),
        }
    }

    pub fn changed(&self) {
        if let Some(tx) = self.tx.lock().expect("saver lock").as_ref() {
            let _ = tx.send(());
        }
    }

    /// Stops the thread and writes the final state.
    pub fn stop(&self, world: &World) -> io::Result<()> {
        self.tx.lock().expect("saver lock").take();
        if let Some(t) = self.thread.lock().expect("saver lock").take() {
            let _ = t.join();
        }
        save(&self.path, world)
    }
}
