//! PHP's form parser (`parse_str`, `$_POST`) as a pure function.
//!
//! JustClick verifies a request by parsing the body the way PHP fills `$_POST`,
//! dropping `hash`, and hashing `http_build_query` of what is left. Reproducing that
//! verification (the sandbox) or reading a callback body JustClick sent (the
//! notification parser) therefore needs PHP's parser, quirks included:
//!
//! - **Names.** Each name and value is `urldecode`d (`+` is a space, `%XX` a byte; a
//!   malformed `%` stays literal). The name is then cut at its first NUL byte, leading
//!   spaces are dropped, and in the top-level part (before the first `[`) every `.` and
//!   space becomes `_` (`lead.name` → `lead_name`). A field whose top-level name ends
//!   up empty (`=x`, `[a]=x`, ` =x`) is ignored.
//! - **Brackets.** `a[x][y]=v` nests; `a[]=v` appends with the next integer key (one
//!   more than the largest integer key so far, `0` in an empty array — PHP 8.2 also
//!   counts negative keys: after `-5` comes `-4`); `a[ ]` is also an append (one space
//!   is skipped), but `a[ x]` is the key `" x"`. Text after a `]` that is not another
//!   `[` is ignored (`a[b]c` is `a[b]`). An index without a closing `]` is not an
//!   index: at the top level the `[` becomes `_` and the rest of the name is mangled
//!   like a plain name (`a[b.c` → `a_b_c`); deeper down the unterminated part is
//!   dropped (`a[b][c` → `a[b]`).
//! - **Keys.** A key that is a canonical decimal integer within `i64` (`0`, `7`, `-3`,
//!   not `07`, `+7` or `-0`) is an integer key, so `a[1]` and `a[01]` differ while
//!   `a[1]` and a later `a[1]` are the same. Appending after `i64::MAX` is dropped.
//! - **Duplicates.** A later field with the same name replaces the earlier value **in
//!   its original position** (`a=1&b=2&a=3` is `a=3, b=2`). A scalar met where an array
//!   is needed is replaced by an array, also in place.
//! - **Limits** (PHP's defaults). `max_input_nesting_level` = 64: a field with more
//!   than 64 bracket levels is dropped **and deletes everything already parsed under
//!   its top-level name**. `max_input_vars` = 1000: see [`Source`] for how the two PHP
//!   entry points count. `post_max_size` = 8 MiB ([`crate::limits::MAX_INPUT_BYTES`]):
//!   a larger POST body gives an empty `$_POST`.
//!
//! The result is a [`Params`]: top-level names are map keys (integer keys as their
//! decimal text); a nested PHP array whose keys are exactly `0, 1, …, n-1` in order is
//! a [`Value::List`], any other array a [`Value::Map`]; every leaf is a
//! [`Value::Str`]. Rendering it with [`crate::build_query`] gives exactly what PHP's
//! `http_build_query($_POST)` gives. Bytes that are not UTF-8 (after decoding) are
//! replaced with U+FFFD, so a body carrying such bytes cannot be re-serialised
//! byte-exactly (PHP would keep the raw bytes); every client of this project sends UTF-8.
//!
//! ```
//! use justclick::php_parse::parse_str;
//! use justclick::Value;
//! let p = parse_str("rid[]=super&rid[]=mega&lead.name=Ivan+P&utm[utm_source]=x&a=1&a=2");
//! assert_eq!(p.get("rid"), Some(&Value::List(vec!["super".into(), "mega".into()])));
//! assert_eq!(p.get("lead_name"), Some(&Value::Str("Ivan P".into())));
//! assert_eq!(p.get("a"), Some(&Value::Str("2".into())));
//! assert_eq!(justclick::build_query(&p)?, "rid%5B0%5D=super&rid%5B1%5D=mega&lead_name=Ivan+P&utm%5Butm_source%5D=x&a=2");
//! # Ok::<(), justclick::Error>(())
//! ```

use indexmap::IndexMap;

use crate::limits::MAX_INPUT_BYTES;
use crate::params::{Params, Value};
use crate::query::urldecode;
use crate::validate::{MAX_INPUT_VARS, MAX_NESTING};

/// Which PHP entry point to mirror. They split and count fields differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// `parse_str($s, $out)` (and `$_GET`): the input is a C string, so a raw NUL byte
    /// ends it; empty fields (`a=1&&b=2`) are skipped and not counted; at most 1000
    /// fields are parsed, the rest ignored.
    #[default]
    ParseStr,
    /// `$_POST` from an `application/x-www-form-urlencoded` body: raw NUL bytes are
    /// data; every `&`-separated field counts toward `max_input_vars`, empty ones too;
    /// PHP parses field 1001 before noticing the limit, so at most 1001 fields are
    /// parsed, the rest ignored.
    PostBody,
}

/// Parses `input` exactly as PHP 8's `parse_str` does (see the [module docs](self)).
#[must_use]
pub fn parse_str(input: &str) -> Params {
    parse(input.as_bytes(), Source::ParseStr)
}

/// Parses a form body exactly as PHP 8 fills `$_POST` from it (see [`Source::PostBody`]).
#[must_use]
pub fn parse_post_body(body: &[u8]) -> Params {
    parse(body, Source::PostBody)
}

/// Parses `input` as the given PHP entry point does (see the [module docs](self)).
#[must_use]
pub fn parse(input: &[u8], source: Source) -> Params {
    let mut root = PhpArray::default();
    match source {
        Source::ParseStr => {
            let input = input.split(|&b| b == 0).next().unwrap_or_default();
            let fields = input.split(|&b| b == b'&').filter(|f| !f.is_empty());
            for field in fields.take(MAX_INPUT_VARS) {
                register_field(&mut root, field);
            }
        }
        // PHP refuses a body over `post_max_size` whole: `$_POST` is empty.
        Source::PostBody if input.len() > MAX_INPUT_BYTES => {}
        Source::PostBody => {
            // PHP stops at the end of the body: a trailing `&` is no extra field.
            // Lazily split: only the fields PHP parses are ever looked at.
            let input = input.strip_suffix(b"&").unwrap_or(input);
            // (An empty body yields one empty field, which registers nothing.)
            for field in input.split(|&b| b == b'&').take(MAX_INPUT_VARS + 1) {
                register_field(&mut root, field);
            }
        }
    }
    root.into_params()
}

/// Builds `$_POST` from a form whose fields are already split and decoded (a web
/// framework's parsed form; a name may repeat, as in multi-dicts), in order: each
/// field is registered as PHP registers one from a body, so bracket names
/// (`items[0][id]`) nest exactly as they would have. The caller applies
/// `post_max_size` (see [`crate::notification::NotificationBody`] for form pairs).
#[must_use]
pub fn parse_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Params {
    let mut root = PhpArray::default();
    // As many fields as `Source::PostBody` parses.
    for (name, value) in pairs.into_iter().take(MAX_INPUT_VARS + 1) {
        register(&mut root, name, value.to_owned());
    }
    root.into_params()
}

/// Splits one `name=value` field, decodes both halves and registers the value.
fn register_field(root: &mut PhpArray, field: &[u8]) {
    let (name, value) = match field.iter().position(|&b| b == b'=') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => (field, &b""[..]),
    };
    let name = urldecode(&String::from_utf8_lossy(name));
    let value = urldecode(&String::from_utf8_lossy(value));
    register(root, &name, value);
}

/// A PHP array key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    /// PHP's `ZEND_HANDLE_NUMERIC_STR`: canonical decimal integers become int keys.
    fn from_php(s: &str) -> Key {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" && digits.len() == s.len() || !digits.starts_with('0'));
        match s.parse::<i64>() {
            Ok(i) if canonical => Key::Int(i),
            _ => Key::Str(s.to_owned()),
        }
    }

    fn into_string(self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Str(s) => s,
        }
    }
}

#[derive(Debug)]
enum Node {
    Leaf(String),
    Array(PhpArray),
}

/// An ordered PHP array with its "next free integer key".
#[derive(Debug, Default)]
struct PhpArray {
    entries: IndexMap<Key, Node>,
    /// `None` until an integer key is used (then appends start at 0).
    next_free: Option<i64>,
}

impl PhpArray {
    /// `$a[$key] = …` keeping the position of an existing key.
    fn update(&mut self, key: Key, node: Node) -> &mut Node {
        self.note_int(&key);
        let entry = self.entries.entry(key);
        match entry {
            indexmap::map::Entry::Occupied(mut o) => {
                *o.get_mut() = node;
                o.into_mut()
            }
            indexmap::map::Entry::Vacant(v) => v.insert(node),
        }
    }

    /// `$a[] = …`; `None` when the next key would overflow (PHP drops the value).
    fn append(&mut self, node: Node) -> Option<&mut Node> {
        let key = self.next_free.unwrap_or(0);
        if self.next_free == Some(i64::MAX) && self.entries.contains_key(&Key::Int(i64::MAX)) {
            return None;
        }
        Some(self.update(Key::Int(key), node))
    }

    fn note_int(&mut self, key: &Key) {
        if let Key::Int(i) = *key {
            if self.next_free.is_none_or(|n| i >= n) {
                self.next_free = Some(i.saturating_add(1));
            }
        }
    }

    /// The array stored under `key`, replacing a scalar (or creating it) in place.
    fn child_array(&mut self, key: Option<Key>) -> Option<&mut PhpArray> {
        let node = match key {
            None => self.append(Node::Array(PhpArray::default()))?,
            Some(key) => {
                self.note_int(&key);
                let node = self
                    .entries
                    .entry(key)
                    .or_insert_with(|| Node::Array(PhpArray::default()));
                if matches!(node, Node::Leaf(_)) {
                    *node = Node::Array(PhpArray::default());
                }
                node
            }
        };
        match node {
            Node::Array(a) => Some(a),
            Node::Leaf(_) => None,
        }
    }

    fn into_params(self) -> Params {
        self.entries
            .into_iter()
            .map(|(k, v)| (k.into_string(), v.into_value()))
            .collect()
    }
}

impl Node {
    fn into_value(self) -> Value {
        match self {
            Node::Leaf(s) => Value::Str(s),
            Node::Array(a) => {
                let is_list = a
                    .entries
                    .keys()
                    .enumerate()
                    .all(|(i, k)| i64::try_from(i).is_ok_and(|i| *k == Key::Int(i)));
                if is_list {
                    Value::List(a.entries.into_values().map(Node::into_value).collect())
                } else {
                    Value::Map(a.into_params())
                }
            }
        }
    }
}

/// PHP's `php_register_variable_ex`: stores `value` under the (decoded) `name`.
fn register(root: &mut PhpArray, name: &str, value: String) {
    let name = name.split('\0').next().unwrap_or_default();
    let name = name.trim_start_matches(' ');
    let (top, rest) = match name.find('[') {
        Some(i) => (&name[..i], Some(&name[i + 1..])),
        None => (name, None),
    };
    let mut top: String = top
        .chars()
        .map(|c| if c == ' ' || c == '.' { '_' } else { c })
        .collect();
    if top.is_empty() {
        return;
    }
    let Some(mut rest) = rest else {
        root.update(Key::from_php(&top), Node::Leaf(value));
        return;
    };

    // Parse the bracket chain first; PHP creates arrays as it goes, which only matters
    // for the nesting limit (handled below) and the unterminated-index rules.
    let mut indices: Vec<Option<String>> = Vec::new();
    loop {
        if indices.len() >= MAX_NESTING {
            // One more level: PHP drops the field and deletes the whole top-level name.
            root.entries.shift_remove(&Key::from_php(&top));
            return;
        }
        let after_space = rest.strip_prefix(' ').unwrap_or(rest);
        let (index, after) = if let Some(after) = after_space.strip_prefix(']') {
            (None, after)
        } else if let Some(close) = after_space.find(']') {
            let len = rest.len() - after_space.len() + close;
            (Some(rest[..len].to_owned()), &after_space[close + 1..])
        } else {
            // Not an index. At the top level the name continues with '_' and the rest
            // mangled; deeper down the unterminated part is dropped.
            if indices.is_empty() {
                top.push('_');
                top.extend(rest.chars().map(|c| match c {
                    ' ' | '.' | '[' => '_',
                    c => c,
                }));
                root.update(Key::from_php(&top), Node::Leaf(value));
                return;
            }
            break;
        };
        indices.push(index);
        match after.strip_prefix('[') {
            Some(next) => rest = next,
            None => break,
        }
    }

    let Some(last) = indices.pop() else { return };
    let mut array = match root.child_array(Some(Key::from_php(&top))) {
        Some(a) => a,
        None => return,
    };
    for index in indices {
        array = match array.child_array(index.as_deref().map(Key::from_php)) {
            Some(a) => a,
            None => return,
        };
    }
    match last {
        Some(key) => {
            array.update(Key::from_php(&key), Node::Leaf(value));
        }
        None => {
            array.append(Node::Leaf(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_query;

    fn q(input: &str) -> String {
        build_query(&parse_str(input)).unwrap()
    }

    #[test]
    fn plain_names_are_mangled_like_php() {
        assert_eq!(q("lead.name=a&x+y=b&++lead=c"), "lead_name=a&x_y=b&lead=c");
        assert_eq!(q("=a&+=b&[x]=c&ok=d"), "ok=d");
        assert_eq!(q("a%00b=1&c=%00"), "a=1&c=%00");
        assert_eq!(q("a=1&b=2&a=3"), "a=3&b=2");
        assert_eq!(q("flag&v=%ZZ%4"), "flag=&v=%25ZZ%254");
    }

    #[test]
    fn brackets_nest_append_and_reindex() {
        assert_eq!(q("rid[]=a&rid[]=b"), "rid%5B0%5D=a&rid%5B1%5D=b");
        assert_eq!(
            q("u[m]=1&x=2&u[s]=3"),
            "u%5Bm%5D=1&u%5Bs%5D=3&x=2",
            "families are grouped at the first position"
        );
        assert_eq!(
            q("a[5]=x&a[]=y&a[05]=z"),
            "a%5B5%5D=x&a%5B6%5D=y&a%5B05%5D=z"
        );
        assert_eq!(q("a[-5]=x&a[]=y"), "a%5B-5%5D=x&a%5B-4%5D=y");
        assert_eq!(q("d[ ]=1&d[ x]=2"), "d%5B0%5D=1&d%5B+x%5D=2");
        assert_eq!(
            q("a[b]c=1&g[x][y][]=2"),
            "a%5Bb%5D=1&g%5Bx%5D%5By%5D%5B0%5D=2"
        );
        assert_eq!(q("a=1&a[x]=2"), "a%5Bx%5D=2");
        assert_eq!(q("a[x]=1&a=2"), "a=2");
        assert_eq!(
            q("b[9223372036854775807]=1&b[]=2"),
            "b%5B9223372036854775807%5D=1"
        );
    }

    #[test]
    fn unterminated_brackets() {
        assert_eq!(q("a[b.c d[e=1"), "a_b_c_d_e=1");
        assert_eq!(q("a[b][c=1"), "a%5Bb%5D=1");
        assert_eq!(q("a[=1"), "a_=1");
    }

    #[test]
    fn lists_and_maps() {
        let p = parse_str("l[0]=a&l[1]=b&m[1]=a&m[0]=b&n[x]=1");
        assert!(matches!(p.get("l"), Some(Value::List(l)) if l.len() == 2));
        assert!(matches!(p.get("m"), Some(Value::Map(_))));
        assert!(matches!(p.get("n"), Some(Value::Map(_))));
        assert_eq!(parse_str("7=x").get("7"), Some(&Value::Str("x".into())));
    }

    #[test]
    fn limits() {
        let deep64 = format!("a{}=1", "[x]".repeat(64));
        assert_eq!(parse_str(&deep64).len(), 1);
        let deep65 = format!("keep=1&a[y]=0&a{}=1", "[x]".repeat(65));
        assert_eq!(q(&deep65), "keep=1");

        let many: String = (0..1005).map(|i| format!("k{i}=1&&")).collect();
        assert_eq!(parse_str(&many).len(), 1000);
        let post = parse_post_body(many.as_bytes());
        // Empty fields count for $_POST: 1001 fields parsed = k0..k500.
        assert_eq!(post.len(), 501);
        assert_eq!(parse_post_body(b"a=1&").len(), 1);
        assert_eq!(
            parse_post_body(b"a=1\0&b=\0").get("b"),
            Some(&Value::Str("\0".into()))
        );
        assert_eq!(parse_str("a=1\0&b=2").len(), 1);
    }
}

/// Differential test against the real PHP: random and tricky inputs go through both
/// parsers; the structures (as JSON) and `http_build_query` of them must match.
#[cfg(test)]
mod php_differential {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    const PIECES: &[&str] = &[
        "a",
        "b",
        "rid",
        "utm",
        "x",
        "[",
        "]",
        "[]",
        "[ ]",
        "=",
        "=",
        "&",
        "&",
        "&&",
        ".",
        " ",
        "+",
        "%20",
        "%2E",
        "%5B",
        "%5D",
        "%00",
        "0",
        "1",
        "-1",
        "05",
        "-0",
        "%D0%98",
        "Я",
        "%",
        "%ZZ",
        "%2",
        "%3D",
        "%26",
        "9223372036854775807",
        "][",
        "[[",
        "]]",
        "~",
        "*",
        "%7E",
    ];

    const TRICKY: &[&str] = &[
        "a[b.c d[e=1",
        "a[b][c=1",
        "=a&+=b&[x]=c&ok=d",
        "a[-5]=x&a[]=y&b[9223372036854775807]=1&b[]=2",
        "a=1&a[x]=2&a[]=3",
        "  lead.name=x&lead name=y",
        "rid[0]=super&rid[1]=1608202637.2284137403&utm[utm_medium]=cpc&x=1&utm[utm_source]=d",
        "a%5Bb%5D=1&a%5B%5D=2",
        "a[ ]=1&a[  ]=2&a[ x]=3",
        "k%00ey=1&v=%00x",
        "a[b]c[d]=1",
        "[=1&]=2&a]=3",
    ];

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    fn inputs() -> Vec<String> {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut out: Vec<String> = TRICKY.iter().map(|s| (*s).to_owned()).collect();
        for _ in 0..3000 {
            let n = 1 + rng.below(24);
            out.push((0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect());
        }
        let deep = |n| format!("keep=1&a[y]=0&a{}=1", "[x]".repeat(n));
        out.extend([
            deep(63),
            deep(64),
            deep(65),
            format!("a{}[z=1", "[x]".repeat(64)),
        ]);
        out.push((0..1003).map(|i| format!("k{i}=1&")).collect());
        out
    }

    fn ours(input: &str) -> (String, Option<String>) {
        let p = parse_str(input);
        // json_encode writes a top-level array keyed 0..n-1 as a list.
        let is_list = p.iter().enumerate().all(|(i, (k, _))| k == i.to_string());
        let json = if is_list {
            let items: Vec<_> = p.iter().map(|(_, v)| v.to_json()).collect();
            serde_json::to_string(&items).unwrap()
        } else {
            serde_json::to_string(&p.to_json()).unwrap()
        };
        (json, crate::build_query(&p).ok())
    }

    #[test]
    fn parse_str_matches_php() {
        let script = r#"
            $in = json_decode(stream_get_contents(STDIN));
            $out = [];
            foreach ($in as $s) {
                parse_str($s, $r);
                $out[] = [json_encode($r, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE) ?: ("ERR " . json_last_error_msg() . " " . bin2hex($s)), http_build_query($r)];
            }
            echo json_encode($out);
        "#;
        let inputs = inputs();
        let child = Command::new("php")
            .args(["-d", "error_reporting=0", "-r", script])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            eprintln!("\n\n!!!!! SKIPPED parse_str_matches_php: `php` is not on PATH !!!!!\n");
            return;
        };
        let payload = serde_json::to_vec(&inputs).unwrap();
        child.stdin.take().unwrap().write_all(&payload).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "php failed");
        let php: Vec<(String, String)> = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(php.len(), inputs.len());
        let mut compared_queries = 0;
        for (input, (php_json, php_query)) in inputs.iter().zip(&php) {
            let (json, query) = ours(input);
            assert_eq!(&json, php_json, "structure differs for {input:?}");
            // Bytes that are not UTF-8 are replaced here but kept by PHP (documented).
            if let Some(q) = query.filter(|_| !json.contains('\u{FFFD}')) {
                assert_eq!(&q, php_query, "http_build_query differs for {input:?}");
                compared_queries += 1;
            }
        }
        assert!(compared_queries > inputs.len() / 2, "{compared_queries}");
    }
}
