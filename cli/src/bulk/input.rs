//! Reading a bulk job's input as Excel and JustClick export it: the bytes (a file or
//! stdin), the encoding (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1251),
//! the delimiter (`,` `;` tab `|`), and the records with the line each starts on —
//! counted by `\n`, so CRLF files number their lines as an editor does.

use std::io::Read;
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1251};

/// Delimiters tried by detection, in order of preference on a tie.
const DELIMITERS: &[u8] = b",;\t|";

/// One record of the input.
#[derive(Debug, Clone)]
pub struct Record {
    /// The line of the file where the record starts (the header is line 1).
    pub line: u64,
    /// The fields, or why the record cannot be read as text.
    pub fields: Result<Vec<String>, String>,
}

/// The decoded input.
#[derive(Debug)]
pub struct Input {
    /// The header row's names.
    pub header: Vec<String>,
    /// The data records in file order.
    pub records: Vec<Record>,
    /// The encoding used (`UTF-8`, `UTF-16LE`, `windows-1251`, …).
    pub encoding: &'static str,
    /// The delimiter used.
    pub delimiter: u8,
    /// A notice worth printing (the encoding was guessed from doubtful bytes).
    pub notice: Option<String>,
}

/// Reads all of `path` (`-` is stdin).
///
/// # Errors
/// The file cannot be read.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Parses a `--encoding` value (any WHATWG label: `utf-8`, `utf-16le`, `cp1251`,
/// `windows-1251`, …).
///
/// # Errors
/// An unknown label.
pub fn parse_encoding(label: &str) -> Result<&'static Encoding, String> {
    let l = label.trim().to_ascii_lowercase();
    let l = if l == "utf-16" {
        "utf-16le".to_owned()
    } else {
        l
    };
    Encoding::for_label(l.as_bytes()).ok_or_else(|| {
        format!("--encoding {label:?}: unknown (try utf-8, utf-16le, utf-16be, windows-1251)")
    })
}

/// Parses a `--delimiter` value: one character, or `tab`.
///
/// # Errors
/// Anything else.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ if s.len() == 1 && s.as_bytes()[0].is_ascii_punctuation() => Ok(s.as_bytes()[0]),
        _ => Err(format!(
            "--delimiter {s:?}: expected one ASCII character such as , ; | or the word tab"
        )),
    }
}

/// The encoding of `bytes` and how many bytes of BOM to skip. Without a BOM: UTF-8
/// when the bytes are UTF-8, or mostly so; Windows-1251 when no non-ASCII UTF-8
/// sequence appears, or fewer than invalid ones (Russian Excel's "CSV" export, where
/// a few letter pairs happen to form UTF-8).
fn detect(bytes: &[u8]) -> (&'static Encoding, usize, Option<String>) {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return (enc, bom, None);
    }
    let (valid_multibyte, invalid) = utf8_census(bytes);
    if invalid == 0 {
        return (UTF_8, 0, None);
    }
    if valid_multibyte == 0 || invalid > valid_multibyte {
        return (
            WINDOWS_1251,
            0,
            Some("not UTF-8: read as Windows-1251 (pass --encoding to choose another)".into()),
        );
    }
    let notice = format!(
        "read as UTF-8, but {invalid} byte sequence(s) are not UTF-8 (their rows are refused); \
         if the file is Windows-1251, pass --encoding windows-1251"
    );
    (UTF_8, 0, Some(notice))
}

/// Counts valid non-ASCII UTF-8 sequences and invalid ones.
fn utf8_census(mut bytes: &[u8]) -> (u64, u64) {
    let (mut valid, mut invalid) = (0, 0);
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => {
                valid += s.chars().filter(|c| !c.is_ascii()).count() as u64;
                return (valid, invalid);
            }
            Err(e) => {
                let (ok, rest) = bytes.split_at(e.valid_up_to());
                valid += std::str::from_utf8(ok)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count())
                    as u64;
                invalid += 1;
                let skip = e.error_len().unwrap_or(rest.len()).max(1);
                bytes = &rest[skip.min(rest.len())..];
            }
        }
    }
}

/// The delimiter occurring most often outside quotes on the first line.
fn detect_delimiter(text: &str) -> u8 {
    let first = text.split('\n').next().unwrap_or("");
    let mut counts = [0usize; 4];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if let (false, Some(i)) = (quoted, DELIMITERS.iter().position(|d| *d == b)) {
            counts[i] += 1;
        }
    }
    let best = (0..DELIMITERS.len())
        .max_by_key(|i| (counts[*i], std::cmp::Reverse(*i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        DELIMITERS[best]
    }
}

/// Line numbers of UTF-8 text lines holding bytes that are not UTF-8 (1-based).
fn bad_utf8_lines(bytes: &[u8]) -> Vec<u64> {
    bytes
        .split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| std::str::from_utf8(l).is_err())
        .map(|(i, _)| i as u64 + 1)
        .collect()
}

/// Decodes and splits `bytes` into a header and records.
///
/// # Errors
/// The input is empty, or a forced encoding cannot decode it, or the CSV is broken
/// beyond one record (an unclosed quote runs to the end).
pub fn parse(
    bytes: &[u8],
    name: &str,
    encoding: Option<&'static Encoding>,
    delimiter: Option<u8>,
) -> Result<Input, String> {
    let (enc, bom, notice) = match encoding {
        Some(e) => {
            let bom = Encoding::for_bom(bytes)
                .filter(|(b, _)| *b == e)
                .map_or(0, |(_, n)| n);
            (e, bom, None)
        }
        None => detect(bytes),
    };
    let body = &bytes[bom..];
    let (text, bad_lines): (String, Vec<u64>) = if enc == UTF_8 {
        let bad = bad_utf8_lines(body);
        (String::from_utf8_lossy(body).into_owned(), bad)
    } else {
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(format!(
                "{name} cannot be read as {}: some bytes are not valid in it",
                enc.name()
            ));
        }
        (text.into_owned(), Vec::new())
    };
    if text.trim().is_empty() {
        return Err(format!(
            "{name} is empty: expected a header row naming the columns (e.g. lead_email)"
        ));
    }
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text));
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |byte: u64| -> u64 {
        let b = usize::try_from(byte).unwrap_or(usize::MAX);
        newlines.partition_point(|&n| n < b) as u64 + 1
    };
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut rec = csv::StringRecord::new();
    loop {
        match rd.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(format!("{name}: {e}")),
        }
        // With CRLF, the csv crate ends a record at `\r` and starts the next one at the
        // `\n` (which made every line number one too low): skip line ends first.
        let mut start =
            usize::try_from(rec.position().map_or(0, csv::Position::byte)).unwrap_or(usize::MAX);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = line_at(start as u64);
        let fields: Vec<String> = rec.iter().map(str::to_owned).collect();
        if header.is_none() {
            header = Some(fields);
            continue;
        }
        // Blank lines (a trailing empty line in Excel exports) are not rows.
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue;
        }
        let end_line = line
            + fields
                .iter()
                .map(|f| f.matches('\n').count() as u64)
                .sum::<u64>();
        let fields = match bad_lines.iter().find(|l| (line..=end_line).contains(l)) {
            Some(_) => Err(format!(
                "line {line} is not valid UTF-8 text (if the file is Windows-1251, pass \
                 --encoding windows-1251)"
            )),
            None => Ok(fields),
        };
        records.push(Record { line, fields });
    }
    Ok(Input {
        header: header.unwrap_or_default(),
        records,
        encoding: enc.name(),
        delimiter,
        notice,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_lines_are_numbered_as_an_editor_does() {
        let text = b"lead_email\r\na@b.ru\r\n\"multi\r\nline\"\r\nc@d.ru\r\n";
        let inp = parse(text, "t", None, None).unwrap();
        let lines: Vec<u64> = inp.records.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 3, 5]);
        assert_eq!(inp.records[0].fields.as_ref().unwrap()[0], "a@b.ru");
    }

    #[test]
    fn encodings_and_delimiters_are_detected() {
        let (cp, _, _) = WINDOWS_1251.encode("lead_email;lead_name\r\nа@б.рф;Иван\r\n");
        let inp = parse(&cp, "t", None, None).unwrap();
        assert_eq!(inp.encoding, "windows-1251");
        assert_eq!(inp.delimiter, b';');
        assert_eq!(inp.records[0].fields.as_ref().unwrap()[1], "Иван");
        assert!(inp.notice.unwrap().contains("Windows-1251"));
        let mut u16 = vec![0xff, 0xfe];
        for u in "lead_email\tlead_name\nx@y.ru\tЁж\n".encode_utf16() {
            u16.extend(u.to_le_bytes());
        }
        let inp = parse(&u16, "t", None, None).unwrap();
        assert_eq!(inp.encoding, "UTF-16LE");
        assert_eq!(inp.delimiter, b'\t');
        assert_eq!(inp.records[0].fields.as_ref().unwrap()[1], "Ёж");
        let inp = parse("\u{feff}a,b\n1,2\n".as_bytes(), "t", None, None).unwrap();
        assert_eq!(inp.header, ["a", "b"]);
        assert!(
            parse(b"\xef\xbb\xbf\r\n", "t", None, None)
                .unwrap_err()
                .contains("empty")
        );
        assert_eq!(parse_delimiter("tab").unwrap(), b'\t');
        assert!(parse_delimiter("ab").is_err());
        assert_eq!(parse_encoding("cp1251").unwrap(), WINDOWS_1251);
    }
}
