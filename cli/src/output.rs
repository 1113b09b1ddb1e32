//! Printing results: JSON for scripts, aligned text for people.

use std::io::Write;

use serde_json::Value as Json;

use crate::exit::{CliResult, Failure};

/// Where results go and in which form.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// Print JSON instead of text.
    pub json: bool,
}

impl Output {
    /// Prints `value` as pretty JSON, or as `text` renders it.
    ///
    /// # Errors
    /// Writing to stdout failed (exit 1), except for a closed pipe, which ends quietly.
    pub fn print(&self, value: &Json) -> CliResult {
        let text = if self.json {
            serde_json::to_string_pretty(value).unwrap_or_default()
        } else {
            render(value)
        };
        write_stdout(&text)
    }

    /// Prints `json` in JSON mode, else the readable `text`.
    ///
    /// # Errors
    /// As [`Output::print`].
    pub fn print_either(&self, json: &Json, text: &str) -> CliResult {
        if self.json {
            self.print(json)
        } else {
            write_stdout(text)
        }
    }
}

/// Writes `text` and a final newline to stdout.
///
/// # Errors
/// An I/O failure other than a closed pipe.
pub fn write_stdout(text: &str) -> CliResult {
    let mut out = std::io::stdout().lock();
    let r = if text.ends_with('\n') || text.is_empty() {
        out.write_all(text.as_bytes())
    } else {
        writeln!(out, "{text}")
    };
    match r.and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::internal(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
}

/// Renders a result for people: scalars plainly, objects as `key: value` lines, lists
/// of flat objects as a table.
#[must_use]
pub fn render(value: &Json) -> String {
    match value {
        Json::Null => "(no result)".to_owned(),
        Json::Array(items) if items.is_empty() => "(empty list)".to_owned(),
        Json::Object(map) if map.is_empty() => "(empty)".to_owned(),
        Json::Array(items) if items.iter().all(is_flat_object) => table(items),
        Json::Array(items) => items
            .iter()
            .map(|i| format!("- {}", indent(&render(i), 2)))
            .collect::<Vec<_>>()
            .join("\n"),
        Json::Object(map) => {
            let width = map.keys().map(|k| k.chars().count()).max().unwrap_or(0);
            map.iter()
                .map(|(k, v)| {
                    if is_scalar(v) {
                        format!("{k:<width$}  {}", scalar(v))
                    } else {
                        format!("{k}:\n  {}", indent(&render(v), 2))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        other => scalar(other),
    }
}

fn is_scalar(v: &Json) -> bool {
    !matches!(v, Json::Array(_) | Json::Object(_))
}

fn is_flat_object(v: &Json) -> bool {
    v.as_object()
        .is_some_and(|m| !m.is_empty() && m.values().all(is_scalar))
}

/// A scalar as text: strings unquoted, the rest as JSON.
fn scalar(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "-".to_owned(),
        other => other.to_string(),
    }
}

fn indent(text: &str, by: usize) -> String {
    text.replace('\n', &format!("\n{}", " ".repeat(by)))
}

/// A table whose columns are the keys in order of first appearance.
fn table(rows: &[Json]) -> String {
    let mut cols: Vec<&str> = Vec::new();
    for row in rows {
        for k in row.as_object().into_iter().flat_map(|m| m.keys()) {
            if !cols.contains(&k.as_str()) {
                cols.push(k);
            }
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| r.get(*c).map_or_else(String::new, scalar))
                .collect()
        })
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |vals: Vec<&str>| {
        vals.iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let mut out = vec![line(cols.clone())];
    out.extend(
        cells
            .iter()
            .map(|r| line(r.iter().map(String::as_str).collect())),
    );
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_of_objects_become_tables() {
        let t = render(&json!([
            {"rass_name": "super", "rass_title": "Super"},
            {"rass_name": "1608202637.2284137403", "rass_title": "Dotted"}
        ]));
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("rass_name"));
        assert_eq!(lines[1].find("Super"), lines[0].find("rass_title"));
    }

    #[test]
    fn objects_and_scalars_read_plainly() {
        assert_eq!(
            render(&json!({"bill_id": 7, "existing": true})),
            "bill_id   7\nexisting  true"
        );
        assert_eq!(render(&json!("x")), "x");
        assert_eq!(render(&Json::Null), "(no result)");
        assert!(render(&json!({"a": {"b": 1}})).contains("a:\n  b  1"));
    }
}
