//! The CSV report of failed rows: the row's own columns, then `_line`, `_row`,
//! `_outcome`, `_code` and `_message`. Columns starting with `_` are ignored by bulk
//! jobs, so a report can be fixed up and fed back as the next job's CSV.

use std::fs::File;
use std::path::Path;

/// An open report.
#[derive(Debug)]
pub struct Report {
    writer: csv::Writer<File>,
    width: usize,
}

/// One failed row.
#[derive(Debug)]
pub struct FailedRow<'a> {
    /// Line of the CSV file where the record starts.
    pub line: u64,
    /// Data row number (1 = the first row after the header).
    pub row: u64,
    /// `invalid`, `api_error`, or the kind of failure without an answer.
    pub outcome: &'a str,
    /// The API code, for API errors.
    pub code: Option<i64>,
    /// Why.
    pub message: &'a str,
}

impl Report {
    /// Creates the report with the input's header plus the outcome columns.
    ///
    /// # Errors
    /// The file cannot be created or written.
    pub fn create(path: &Path, header: &[String]) -> Result<Self, String> {
        let mut writer = csv::WriterBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| format!("cannot create report {}: {e}", path.display()))?;
        let mut cols: Vec<&str> = header.iter().map(String::as_str).collect();
        cols.extend(["_line", "_row", "_outcome", "_code", "_message"]);
        writer
            .write_record(&cols)
            .map_err(|e| format!("cannot write report {}: {e}", path.display()))?;
        Ok(Report {
            writer,
            width: header.len(),
        })
    }

    /// Appends one failed row with its original fields.
    ///
    /// # Errors
    /// The write failed.
    pub fn add(&mut self, fields: &[String], f: &FailedRow<'_>) -> Result<(), String> {
        let line = f.line.to_string();
        let row = f.row.to_string();
        let code = f.code.map(|c| c.to_string()).unwrap_or_default();
        let mut rec: Vec<&str> = fields.iter().map(String::as_str).collect();
        // Short rows are padded so the outcome columns stay under their headings.
        if rec.len() < self.width {
            rec.resize(self.width, "");
        }
        rec.extend([
            line.as_str(),
            row.as_str(),
            f.outcome,
            code.as_str(),
            f.message,
        ]);
        self.writer
            .write_record(&rec)
            .map_err(|e| format!("cannot write report: {e}"))
    }

    /// Flushes the report to disk.
    ///
    /// # Errors
    /// The flush failed.
    pub fn finish(mut self) -> Result<(), String> {
        self.writer
            .flush()
            .map_err(|e| format!("cannot write report: {e}"))
    }
}
