//! The append-only journal that makes bulk jobs resumable.
//!
//! One line per event, fields separated by tabs (shown as spaces below), keyed by
//! what the row does — a digest of the method, the normalised e-mail, the group(s)
//! and the sent fields ([`crate::bulk::rows::Prepared::key`]) — never by its place
//! in the file, so rows can be edited, reordered or deleted between runs:
//!
//! ```text
//! #justclick-journal v2  action=unsubscribe  started=1765148400
//! S  9f86d081884c7d659a2feaa0c55ad015  line=18   about to send
//! D  9f86d081884c7d659a2feaa0c55ad015  ok        verified success: never sent again
//! A  1b4f0e9851971998e732078544c96b36  801  <text>  verified refusal: not resent (unless --retry-failed)
//! R  60303ae22b998861bce3b28f33eec1be  transport  <…>  no verified answer: checked and retried on re-run
//! F  1765148460  done=19998  the job finished: a re-run starts a new job (unless --resume)
//! ```
//!
//! Each line is written with one `write` call as soon as its event happens (the outcome
//! only after the verified answer), so a killed process loses nothing it had learnt.
//! A background thread `fsync`s the new lines in batches every [`SYNC_INTERVAL`] (and
//! the journal is synced on close), so workers never wait for the disk and an OS crash
//! or power loss loses at most the last batch. A row with an `S` and no outcome was in
//! flight: on resume it is checked against the server before being sent again.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::bulk::one_line;

/// Time between two background `fsync`s while lines are being written.
pub const SYNC_INTERVAL: Duration = Duration::from_millis(200);

const MAGIC: &str = "#justclick-journal v2";
const MAGIC_V1: &str = "#justclick-journal v1";

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

/// The last event recorded for one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The row's state.
    pub state: RowState,
    /// The API code of a refusal.
    pub code: Option<i64>,
    /// The refusal's text, or the kind and detail of a failure without an answer.
    pub text: String,
}

/// Row states loaded from an existing journal.
#[derive(Debug, Default)]
pub struct Resume {
    entries: HashMap<u128, Entry>,
    /// Lines that could not be read (a torn last line after a crash, hand edits).
    pub bad_lines: u64,
    /// When the job started (UNIX seconds), from the first line.
    pub started: Option<i64>,
    /// When the job finished (the `F` line), if it did.
    pub finished: Option<i64>,
}

impl Resume {
    /// What the journal holds for `key`.
    #[must_use]
    pub fn get(&self, key: u128) -> Option<&Entry> {
        self.entries.get(&key)
    }

    /// Number of rows with a recorded state.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing was recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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
/// The file exists but cannot be read, was written for another action, or by an
/// older justclick whose journals were keyed by row number.
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
            if text.starts_with(MAGIC_V1) {
                return Err(format!(
                    "journal {} was written by an older justclick (keyed by row number, \
                     which cannot be matched safely): finish that job with the older \
                     version, or move the file away to start a new job",
                    path.display()
                ));
            }
            if let Some(rest) = text.strip_prefix(MAGIC) {
                let want = format!("action={action}");
                let fields: Vec<&str> = rest.split('\t').map(str::trim).collect();
                if !fields.contains(&want.as_str()) {
                    return Err(format!(
                        "journal {} belongs to another bulk action (want {want}); \
                         pass --journal to use a different file",
                        path.display()
                    ));
                }
                resume.started = fields
                    .iter()
                    .find_map(|f| f.strip_prefix("started=")?.parse().ok());
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
    let (Some(kind), Some(key)) = (f.next(), f.next()) else {
        return false;
    };
    if kind == "F" {
        resume.finished = key.parse().ok();
        return resume.finished.is_some();
    }
    let Ok(key) = u128::from_str_radix(key, 16) else {
        return false;
    };
    let entry = match kind {
        "S" => {
            // A resend of a refused row keeps the refusal until the new answer.
            if resume.entries.contains_key(&key) {
                return true;
            }
            Entry {
                state: RowState::InDoubt,
                code: None,
                text: String::new(),
            }
        }
        "R" => Entry {
            state: RowState::InDoubt,
            code: None,
            text: f.collect::<Vec<_>>().join(": "),
        },
        "D" => Entry {
            state: RowState::Done,
            code: None,
            text: f.next().unwrap_or("").to_owned(),
        },
        "A" => Entry {
            state: RowState::Refused,
            code: f.next().and_then(|c| c.parse().ok()),
            text: f.next().unwrap_or("").to_owned(),
        },
        _ => return false,
    };
    resume.entries.insert(key, entry);
    true
}

impl Journal {
    /// Opens (creating if needed) the journal for appending and locks it.
    ///
    /// # Errors
    /// The file cannot be created or written, or another process holds it
    /// ([`OpenError::busy`]).
    pub fn open(path: &Path, action: &str) -> Result<Self, OpenError> {
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(|e| OpenError::io(format!("cannot open journal {}: {e}", path.display())))?;
        file.try_lock().map_err(|_| OpenError {
            busy: true,
            message: format!(
                "journal {} is in use by another justclick process (wait for it to finish, \
                 or pass --journal for a separate job)",
                path.display()
            ),
        })?;
        Self::start(file, path, action).map_err(OpenError::io)
    }

    fn start(file: File, path: &Path, action: &str) -> Result<Self, String> {
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
            j.write_line(&format!("{MAGIC}\taction={action}\tstarted={}", now()))?;
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

    /// Records that the row with `key` is about to be sent.
    ///
    /// # Errors
    /// The write failed.
    pub fn sending(&mut self, key: u128, line: u64) -> Result<(), String> {
        self.write_line(&format!("S\t{key:032x}\tline={line}"))
    }

    /// Records a verified success.
    ///
    /// # Errors
    /// The write failed.
    pub fn done(&mut self, key: u128, note: &str) -> Result<(), String> {
        self.write_line(&format!("D\t{key:032x}\t{}", clean(note)))
    }

    /// Records a verified refusal with its code and text.
    ///
    /// # Errors
    /// The write failed.
    pub fn refused(&mut self, key: u128, code: i64, text: &str) -> Result<(), String> {
        self.write_line(&format!("A\t{key:032x}\t{code}\t{}", clean(text)))
    }

    /// Records a failure without a verified answer (the row stays in doubt).
    ///
    /// # Errors
    /// The write failed.
    pub fn failed(&mut self, key: u128, kind: &str, detail: &str) -> Result<(), String> {
        self.write_line(&format!("R\t{key:032x}\t{kind}\t{}", clean(detail)))
    }

    /// Closes the job: every row has its final outcome. A later run with this
    /// journal starts a new job unless told to resume.
    ///
    /// # Errors
    /// The write or sync failed.
    pub fn finish(&mut self, done: u64) -> Result<(), String> {
        self.write_line(&format!("F\t{}\tdone={done}", now()))?;
        self.sync()
    }

    /// Moves a finished job's journal aside (`JOURNAL.finished-YYYYMMDDTHHMMSSZ`) and
    /// starts a new, empty one at the same path. Returns where the old one went.
    ///
    /// # Errors
    /// The rename or the new file failed.
    pub fn archive_and_restart(
        self,
        action: &str,
        finished: i64,
    ) -> Result<(Self, PathBuf), String> {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".finished-{}", crate::dates::compact_utc(finished)));
        let archived = PathBuf::from(name);
        std::fs::rename(&self.path, &archived)
            .map_err(|e| format!("cannot move journal {} aside: {e}", self.path.display()))?;
        let path = self.path.clone();
        drop(self);
        let j = Journal::open(&path, action).map_err(|e| e.message)?;
        Ok((j, archived))
    }
}

/// Why a journal could not be opened.
#[derive(Debug)]
pub struct OpenError {
    /// Another process holds the journal's lock.
    pub busy: bool,
    /// The reason.
    pub message: String,
}

impl OpenError {
    fn io(message: String) -> Self {
        OpenError {
            busy: false,
            message,
        }
    }
}

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
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
    one_line(s)
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
            j.sending(0xabc0, 2).unwrap();
            j.done(0xabc0, "ok").unwrap();
            j.sending(0xdef0, 3).unwrap();
            j.refused(0x1230, 801, "Subscriber\twith such address is not found")
                .unwrap();
            j.sending(0x4440, 5).unwrap();
            j.failed(0x4440, "timeout", "30 s").unwrap();
            j.sync().unwrap();
        }
        // A torn line, as a crash in the middle of a write would leave.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"D\t0000000000000000000000000000def0\to")
            .unwrap();
        drop(f);
        let r = load(&path, "unsubscribe").unwrap();
        assert_eq!(r.get(0xabc0).unwrap().state, RowState::Done);
        assert_eq!(r.get(0xdef0).unwrap().state, RowState::InDoubt);
        let refused = r.get(0x1230).unwrap();
        assert_eq!(refused.state, RowState::Refused);
        assert_eq!(refused.code, Some(801));
        assert_eq!(refused.text, "Subscriber with such address is not found");
        assert_eq!(r.get(0x4440).unwrap().state, RowState::InDoubt);
        assert!(r.get(9).is_none());
        assert_eq!(r.bad_lines, 1);
        assert!(r.started.is_some() && r.finished.is_none());
        assert!(
            load(&path, "subscribe")
                .unwrap_err()
                .contains("another bulk action")
        );
        // Reopening after the torn line starts on a fresh line; F closes the job.
        let mut j = Journal::open(&path, "unsubscribe").unwrap();
        j.done(0xdef0, "ok").unwrap();
        j.finish(2).unwrap();
        drop(j);
        let r = load(&path, "unsubscribe").unwrap();
        assert_eq!(r.get(0xdef0).unwrap().state, RowState::Done);
        assert!(r.finished.is_some());
    }

    #[test]
    fn a_second_writer_is_refused_as_busy_and_v1_journals_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j");
        let _held = Journal::open(&path, "update").unwrap();
        let e = Journal::open(&path, "update").unwrap_err();
        assert!(e.busy && e.message.contains("in use"), "{e:?}");
        assert_eq!(
            default_path(Path::new("/x/contacts.csv"), "update"),
            PathBuf::from("/x/contacts.csv.update.journal")
        );
        let old = dir.path().join("old");
        std::fs::write(&old, "#justclick-journal v1\taction=update\nD\t1\tab\tok\n").unwrap();
        assert!(
            load(&old, "update")
                .unwrap_err()
                .contains("older justclick")
        );
    }
}
