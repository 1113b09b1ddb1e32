//! The CSV report: every input row that did not end done — invalid, duplicate,
//! refused, without an answer, or not attempted — with the row's own columns, then
//! `_line`, `_outcome`, `_code` and `_message`.
//!
//! It is the truth across runs: written at the start from what is already known (rows
//! refused by validation, duplicates, refusals the journal recorded in earlier runs),
//! appended to (and flushed) as rows fail, and rewritten at the end from the final
//! outcomes — so a `kill -9` leaves every failure learnt so far in it. It is UTF-8 with
//! a BOM, CRLF and the input's delimiter, so Excel opens it as it opened the input, and
//! it can be fixed up and fed back as the next job's input: columns starting with `_`
//! are ignored, and a report's own `_` columns are not copied twice.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The columns the report adds.
pub const REPORT_COLUMNS: &[&str] = &["_line", "_outcome", "_code", "_message"];
/// Columns of older reports (and of this one) not copied from an input that is a report.
const DROPPED: &[&str] = &["_line", "_row", "_outcome", "_code", "_message"];

/// One row of the report.
#[derive(Debug)]
pub struct ReportRow<'a> {
    /// The row's fields as read.
    pub fields: &'a [String],
    /// Line of the input where the record starts.
    pub line: u64,
    /// `invalid`, `duplicate`, `api_error`, `not_attempted`, or the kind of failure
    /// without an answer (`transport`, `timeout`, `bad_signature`, …).
    pub outcome: &'a str,
    /// The API code, for API errors.
    pub code: Option<i64>,
    /// Why, on one line.
    pub message: &'a str,
}

/// An open report.
#[derive(Debug)]
pub struct Report {
    path: PathBuf,
    writer: csv::Writer<File>,
    header: Vec<String>,
    /// Indices of the input columns copied.
    keep: Vec<usize>,
    delimiter: u8,
}

fn open(path: &Path, delimiter: u8, header: &[String]) -> Result<csv::Writer<File>, String> {
    let mut file =
        File::create(path).map_err(|e| format!("cannot create report {}: {e}", path.display()))?;
    file.write_all("\u{feff}".as_bytes())
        .map_err(|e| format!("cannot write report {}: {e}", path.display()))?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(file);
    w.write_record(header)
        .and_then(|()| w.flush().map_err(csv::Error::from))
        .map_err(|e| format!("cannot write report {}: {e}", path.display()))?;
    Ok(w)
}

impl Report {
    /// Creates the report for an input with `header`.
    ///
    /// # Errors
    /// The file cannot be created or written.
    pub fn create(path: &Path, header: &[String], delimiter: u8) -> Result<Self, String> {
        let keep: Vec<usize> = (0..header.len())
            .filter(|i| !DROPPED.contains(&header[*i].trim().to_lowercase().as_str()))
            .collect();
        let mut cols: Vec<String> = keep.iter().map(|i| header[*i].clone()).collect();
        cols.extend(REPORT_COLUMNS.iter().map(|c| (*c).to_owned()));
        let writer = open(path, delimiter, &cols)?;
        Ok(Report {
            path: path.to_owned(),
            writer,
            header: cols,
            keep,
            delimiter,
        })
    }

    fn record(&self, r: &ReportRow<'_>) -> Vec<String> {
        // Short rows are padded so the outcome columns stay under their headings.
        let mut rec: Vec<String> = self
            .keep
            .iter()
            .map(|i| r.fields.get(*i).cloned().unwrap_or_default())
            .collect();
        rec.extend([
            r.line.to_string(),
            r.outcome.to_owned(),
            r.code.map(|c| c.to_string()).unwrap_or_default(),
            r.message.to_owned(),
        ]);
        rec
    }

    /// Appends one row and flushes it, so a killed process leaves it on disk.
    ///
    /// # Errors
    /// The write failed.
    pub fn add(&mut self, r: &ReportRow<'_>) -> Result<(), String> {
        let rec = self.record(r);
        self.writer
            .write_record(&rec)
            .and_then(|()| self.writer.flush().map_err(csv::Error::from))
            .map_err(|e| format!("cannot write report {}: {e}", self.path.display()))
    }

    /// Replaces the report with `rows` (the final outcomes), atomically.
    ///
    /// # Errors
    /// The write or rename failed.
    pub fn rewrite<'a>(self, rows: impl Iterator<Item = ReportRow<'a>>) -> Result<(), String> {
        let mut tmp = self.path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let mut w = open(&tmp, self.delimiter, &self.header)?;
        for r in rows {
            w.write_record(self.record(&r))
                .map_err(|e| format!("cannot write report {}: {e}", tmp.display()))?;
        }
        w.flush()
            .map_err(|e| format!("cannot write report {}: {e}", tmp.display()))?;
        drop(w);
        std::fs::rename(&tmp, &self.path)
            .map_err(|e| format!("cannot write report {}: {e}", self.path.display()))
    }
}
