//! The append-only journal that makes bulk jobs resumable.
//!
//! One line per event, fields separated by tabs (shown as spaces below), keyed by row number and a hash of what the row
//! sends:
//!
//! ```text
//! #justclick-journal v1  action=unsubscribe
//! S  17  9f86d081884c7d65  line=18          about to send row 17
//! D  17  9f86d081884c7d65  ok               verified success: never sent again
//! A  18  1b4f0e9851971998  801  <text>       verified refusal: not resent (unless --retry-failed)
//! R  19  60303ae22b998861  transport  <…>  no verified answer: in doubt, retried on re-run
//! ```
//!
//! Each line is written with one `write` call as soon as its event happens (the outcome
//! only after the verified answer), so a killed process loses nothing it had learnt.
//! A background thread `fsync`s the new lines in batches every [`SYNC_INTERVAL`] (and
//! the journal is synced on close), so workers never wait for the disk and an OS crash
//! or power loss loses at most the last batch. A row with an `S` and no outcome was in flight: on
//! resume it is checked against the server before being sent again.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Time between two background `fsync`s while lines are being written.
pub const SYNC_INTERVAL: Duration = Duration::from_millis(200);

const MAGIC: &str = "#justclick-journal v1";

/// What the journal knows about one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// Sent (or about to be) without a verified answer: it may have been applied.
    InDoubt,
    /// Verified success: skip.
    Done,
    /// Verified refusal by the API: skip unless `--retry-failed`.
    Refused,
}

/// Row states loaded from an existing journal: 8 bytes per row number, holding 62 bits
/// of the row's hash and 2 bits of state, so resuming a million-row job costs 8 MB.
#[derive(Debug, Default)]
pub struct Resume {
    slots: Vec<u64>,
    /// Lines that could not be read (a torn last line after a crash, hand edits).
    pub bad_lines: u64,
}

const STATE_BITS: u64 = 0b11;

impl Resume {
    fn set(&mut self, row: u64, hash: u64, state: RowState) {
        let Ok(i) = usize::try_from(row) else { return };
        if i >= self.slots.len() {
            self.slots.resize(i + 1, 0);
        }
        let bits = match state {
            RowState::InDoubt => 1,
            RowState::Done => 2,
            RowState::Refused => 3,
        };
        self.slots[i] = (hash & !STATE_BITS) | bits;
    }

    /// The state of `row`, if the journal has it for the same content (`hash`).
    #[must_use]
    pub fn get(&self, row: u64, hash: u64) -> Option<RowState> {
        let slot = *self.slots.get(usize::try_from(row).ok()?)?;
        if slot == 0 || (slot & !STATE_BITS) != (hash & !STATE_BITS) {
            return None;
        }
        match slot & STATE_BITS {
            1 => Some(RowState::InDoubt),
            2 => Some(RowState::Done),
            3 => Some(RowState::Refused),
            _ => None,
        }
    }

    /// Number of rows with a recorded state.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| **s != 0).count()
    }

    /// True when nothing was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// An open journal, locked against a second process writing to it.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    sync: Arc<SyncState>,
    syncer: Option<JoinHandle<()>>,
}

/// What the writers and the background syncer share.
#[derive(Debug, Default)]
struct SyncState {
    /// Lines written so far.
    written: AtomicU64,
    /// Set to stop the syncer.
    stop: Mutex<bool>,
    wake: Condvar,
    /// The first `fsync` failure, reported by the next write.
    error: Mutex<Option<String>>,
}

/// Syncs `file` every [`SYNC_INTERVAL`] when lines were written since the last sync.
fn syncer(file: File, path: PathBuf, st: Arc<SyncState>) {
    let mut synced = 0;
    let mut stop = st.stop.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let (guard, _) = st
            .wake
            .wait_timeout_while(stop, SYNC_INTERVAL, |s| !*s)
            .unwrap_or_else(PoisonError::into_inner);
        stop = guard;
        let written = st.written.load(Ordering::SeqCst);
        if written != synced {
            match file.sync_data() {
                Ok(()) => synced = written,
                Err(e) => {
                    let mut slot = st.error.lock().unwrap_or_else(PoisonError::into_inner);
                    slot.get_or_insert(format!("cannot sync journal {}: {e}", path.display()));
                }
            }
        }
        if *stop {
            return;
        }
    }
}

/// The default journal path: next to the CSV, named after it and the action.
#[must_use]
pub fn default_path(csv: &Path, action: &str) -> PathBuf {
    let mut name = csv.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{action}.journal"));
    csv.with_file_name(name)
}

/// Reads an existing journal's states. A missing file is an empty journal.
///
/// # Errors
/// The file exists but cannot be read, or was written for another action.
pub fn load(path: &Path, action: &str) -> Result<Resume, String> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Resume::default()),
        Err(e) => return Err(format!("cannot read journal {}: {e}", path.display())),
    };
    let mut resume = Resume::default();
    let mut reader = BufReader::new(file);
    let mut line = Vec::new();
    let mut first = true;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read journal {}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            resume.bad_lines += 1;
            continue;
        };
        if first {
            first = false;
            if let Some(rest) = text.strip_prefix(MAGIC) {
                let want = format!("action={action}");
                if !rest.split('\t').any(|f| f.trim() == want) {
                    return Err(format!(
                        "journal {} belongs to another bulk action (want {want}); \
                         pass --journal to use a different file",
                        path.display()
                    ));
                }
                continue;
            }
        }
        // A line without its newline was torn by a crash: its event is not trusted.
        let Some(text) = text.strip_suffix('\n') else {
            resume.bad_lines += 1;
            continue;
        };
        if !apply(&mut resume, text) {
            resume.bad_lines += 1;
        }
    }
    Ok(resume)
}

fn apply(resume: &mut Resume, line: &str) -> bool {
    let mut f = line.split('\t');
    let (Some(kind), Some(row), Some(hash)) = (f.next(), f.next(), f.next()) else {
        return false;
    };
    let (Ok(row), Ok(hash)) = (row.parse::<u64>(), u64::from_str_radix(hash, 16)) else {
        return false;
    };
    let state = match kind {
        "S" | "R" => RowState::InDoubt,
        "D" => RowState::Done,
        "A" => RowState::Refused,
        _ => return false,
    };
    resume.set(row, hash, state);
    true
}

impl Journal {
    /// Opens (creating if needed) the journal for appending and locks it.
    ///
    /// # Errors
    /// The file cannot be created or written, or another process holds it.
    pub fn open(path: &Path, action: &str) -> Result<Self, String> {
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| format!("cannot open journal {}: {e}", path.display()))?;
        file.try_lock().map_err(|_| {
            format!(
                "journal {} is in use by another justclick process",
                path.display()
            )
        })?;
        let len = file
            .metadata()
            .map_err(|e| format!("cannot read journal {}: {e}", path.display()))?
            .len();
        let sync = Arc::new(SyncState::default());
        let handle = file
            .try_clone()
            .map_err(|e| format!("cannot open journal {}: {e}", path.display()))?;
        let (p, st) = (path.to_owned(), Arc::clone(&sync));
        let mut j = Journal {
            file,
            path: path.to_owned(),
            sync,
            syncer: Some(std::thread::spawn(move || syncer(handle, p, st))),
        };
        if len == 0 {
            j.write_line(&format!("{MAGIC}\taction={action}"))?;
            j.sync()?;
        } else if !j.ends_with_newline()? {
            // A torn last line from a crash: start ours on a fresh line.
            j.write_line("")?;
        }
        Ok(j)
    }

    fn ends_with_newline(&mut self) -> Result<bool, String> {
        let mut last = [0u8; 1];
        self.file
            .seek(SeekFrom::End(-1))
            .and_then(|_| self.file.read_exact(&mut last))
            .map_err(|e| self.io_error(&e))?;
        Ok(last[0] == b'\n')
    }

    fn io_error(&self, e: &std::io::Error) -> String {
        format!("cannot write journal {}: {e}", self.path.display())
    }

    /// Appends one line with one `write` call; the syncer makes it durable.
    fn write_line(&mut self, line: &str) -> Result<(), String> {
        if let Some(e) = self
            .sync
            .error
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(e);
        }
        let mut buf = String::with_capacity(line.len() + 1);
        buf.push_str(line);
        buf.push('\n');
        self.file
            .write_all(buf.as_bytes())
            .map_err(|e| self.io_error(&e))?;
        self.sync.written.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    /// Forces the written lines to disk now.
    ///
    /// # Errors
    /// `fsync` failed.
    pub fn sync(&mut self) -> Result<(), String> {
        self.file.sync_data().map_err(|e| self.io_error(&e))
    }

    /// Records that `row` is about to be sent.
    ///
    /// # Errors
    /// The write failed.
    pub fn sending(&mut self, row: u64, hash: u64, line: u64) -> Result<(), String> {
        self.write_line(&format!("S\t{row}\t{hash:016x}\tline={line}"))
    }

    /// Records a verified success.
    ///
    /// # Errors
    /// The write failed.
    pub fn done(&mut self, row: u64, hash: u64, note: &str) -> Result<(), String> {
        self.write_line(&format!("D\t{row}\t{hash:016x}\t{}", clean(note)))
    }

    /// Records a verified refusal with its code and text.
    ///
    /// # Errors
    /// The write failed.
    pub fn refused(&mut self, row: u64, hash: u64, code: i64, text: &str) -> Result<(), String> {
        self.write_line(&format!("A\t{row}\t{hash:016x}\t{code}\t{}", clean(text)))
    }

    /// Records a failure without a verified answer (the row stays in doubt).
    ///
    /// # Errors
    /// The write failed.
    pub fn failed(&mut self, row: u64, hash: u64, kind: &str, detail: &str) -> Result<(), String> {
        self.write_line(&format!("R\t{row}\t{hash:016x}\t{kind}\t{}", clean(detail)))
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        *self
            .sync
            .stop
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.sync.wake.notify_all();
        if let Some(h) = self.syncer.take() {
            let _ = h.join();
        }
    }
}

/// Keeps free text on one journal field.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\t' || c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_event_wins_and_torn_lines_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        {
            let mut j = Journal::open(&path, "unsubscribe").unwrap();
            j.sending(1, 0xabc0, 2).unwrap();
            j.done(1, 0xabc0, "ok").unwrap();
            j.sending(2, 0xdef0, 3).unwrap();
            j.refused(3, 0x1230, 801, "Subscriber\twith such address is not found")
                .unwrap();
            j.sending(4, 0x4440, 5).unwrap();
            j.failed(4, 0x4440, "timeout", "30 s").unwrap();
            j.sync().unwrap();
        }
        // A torn line, as a crash in the middle of a write would leave.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"D\t2\t000000000000def0\to").unwrap();
        drop(f);
        let r = load(&path, "unsubscribe").unwrap();
        assert_eq!(r.get(1, 0xabc0), Some(RowState::Done));
        assert_eq!(r.get(1, 0xabc4), None, "changed content is a new row");
        assert_eq!(r.get(2, 0xdef0), Some(RowState::InDoubt));
        assert_eq!(r.get(3, 0x1230), Some(RowState::Refused));
        assert_eq!(r.get(4, 0x4440), Some(RowState::InDoubt));
        assert_eq!(r.get(9, 0), None);
        assert_eq!(r.bad_lines, 1);
        assert!(
            load(&path, "subscribe")
                .unwrap_err()
                .contains("another bulk action")
        );
        // Reopening after the torn line starts on a fresh line.
        let mut j = Journal::open(&path, "unsubscribe").unwrap();
        j.done(2, 0xdef0, "ok").unwrap();
        j.sync().unwrap();
        drop(j);
        assert_eq!(
            load(&path, "unsubscribe").unwrap().get(2, 0xdef0),
            Some(RowState::Done)
        );
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let _held = Journal::open(&path, "update").unwrap();
        assert!(
            Journal::open(&path, "update")
                .unwrap_err()
                .contains("in use")
        );
        assert_eq!(
            default_path(Path::new("/x/contacts.csv"), "update"),
            PathBuf::from("/x/contacts.csv.update.journal")
        );
    }
}
