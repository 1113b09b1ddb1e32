//! A parameter set built one key at a time, straight into its PHP query.
//!
//! [`ParamsBuilder`] is what callers that do not hold a [`crate::Params`] use (the C
//! ABI's `jc_params`, the PHP extension): each `add_*` call validates its key exactly as
//! [`crate::build_query`] would and appends `&key=value` to the query under
//! construction, with the same encoder ([`crate::query`]). No tree of values is built,
//! so signing costs what encoding costs.
//!
//! PHP array semantics are kept: a key added again at the same level replaces the
//! earlier value **in its original position** (as `$a['x'] = …` does), a null is
//! dropped, an empty nested array writes nothing. [`ParamsBuilder::clear`] keeps every
//! buffer, so a loop that signs one request after another allocates nothing once the
//! buffers have grown to the largest request (floats aside: printing one uses a few
//! short-lived strings).

use crate::error::Error;
use crate::params::Params;
use crate::php_parse::{self, Source};
use crate::query::{
    urldecode, urlencode_into, write_bool, write_float, write_int, write_nested_key,
};
use crate::signing::{hex_str, request_hash_bytes};
use crate::validate;

/// `parent` of a top-level entry.
const TOP: u32 = u32::MAX;

/// One scalar value for [`ParamsBuilder::add`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scalar<'a> {
    /// PHP `null`: the key is kept (it can be replaced later) but writes nothing.
    Null,
    /// `1` or `0`.
    Bool(bool),
    /// An integer in decimal.
    Int(i64),
    /// A float as PHP prints it with `precision=14`.
    Float(f64),
    /// A string, url-encoded.
    Str(&'a str),
}

/// Builds one parameter set directly into its query. See the [module docs](self).
///
/// ```
/// use justclick::params_builder::{ParamsBuilder, Scalar};
/// let mut p = ParamsBuilder::new();
/// p.add("lead_email", Scalar::Str("a@b.c"))?;
/// p.begin("rid")?;
/// p.add("0", Scalar::Str("super"))?;
/// p.end()?;
/// p.add("lead_email", Scalar::Str("x@y.z"))?; // replaces, keeps its position
/// assert_eq!(p.query()?, "lead_email=x%40y.z&rid%5B0%5D=super");
/// # Ok::<(), justclick::Error>(())
/// ```
#[derive(Debug, Default, Clone)]
pub struct ParamsBuilder {
    /// Every leaf written as `&key=value`; the query is everything after the first `&`.
    out: Vec<u8>,
    /// The encoded key of the innermost open array (`utm%5Bsub%5D`), empty at the top.
    prefix: Vec<u8>,
    /// Open arrays, innermost last.
    frames: Vec<Frame>,
    /// Every key added, in the order added (replaced ones stay, unreachable).
    entries: Vec<Entry>,
    /// The raw bytes of every entry's key.
    keys: Vec<u8>,
    /// Open-addressing index over the live entries by (parent, key): entry index + 1,
    /// 0 for an empty slot. Its length is a power of two, at least twice the items.
    table: Vec<u32>,
    table_items: usize,
    /// Bytes that followed a replaced entry, set aside while its new value is written.
    tails: Vec<u8>,
    /// Number of tails set aside at the moment.
    stashes: u32,
    /// Leaves (fields) in the query.
    leaves: usize,
}

#[derive(Debug, Clone)]
struct Frame {
    /// The entry of the array's key.
    entry: u32,
    /// `prefix` length before this array's key was appended.
    prefix_len: usize,
    /// `leaves` when the array was opened.
    leaves_at_begin: usize,
    /// When the array replaces an earlier value: where its tail starts in `tails`, and
    /// the stash level.
    stash: Option<(usize, u32)>,
}

#[derive(Debug, Clone)]
struct Entry {
    parent: u32,
    hash: u32,
    key_start: usize,
    key_len: usize,
    /// The entry's bytes in `out` (each leaf with its leading `&`); relative to its tail
    /// while `stash` is not 0.
    start: usize,
    end: usize,
    leaves: usize,
    stash: u32,
}

impl ParamsBuilder {
    /// An empty builder.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Empties the builder for the next parameter set, keeping its memory.
    pub fn clear(&mut self) {
        // Size the index for a set like the last one, so a small set after a big one
        // does not pay for clearing a big table.
        let want = table_len_for(self.entries.len());
        self.table.truncate(want);
        self.table.fill(0);
        self.table_items = 0;
        self.out.clear();
        self.prefix.clear();
        self.frames.clear();
        self.entries.clear();
        self.keys.clear();
        self.tails.clear();
        self.stashes = 0;
        self.leaves = 0;
    }

    /// True when nothing has been added since creation or [`clear`](Self::clear).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds (or replaces) `key` in the innermost open array, or at the top level.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming the key path when [`crate::build_query`] would
    /// refuse the key (see [`crate::validate`]): a top-level key PHP rewrites, an empty
    /// or unparsable nested key, more than 64 levels, more than 999 fields. The builder
    /// is unchanged then.
    pub fn add(&mut self, key: &str, value: Scalar<'_>) -> Result<(), Error> {
        self.check_key(key)?;
        let parent = self.parent();
        let hash = hash_key(parent, key.as_bytes());
        let existing = self.find(parent, hash, key.as_bytes());
        self.check_room()?;
        let new_leaves = usize::from(!matches!(value, Scalar::Null));
        let old_leaves = existing.map_or(0, |i| self.entries[i].leaves);
        validate::leaves(self.leaves - old_leaves + new_leaves)?;
        self.reserve_leaf(key, &value)?;
        let level = existing.map(|i| self.stash_after(i));
        let index = self.push_entry(parent, hash, key.as_bytes(), existing);
        let start = self.out.len();
        if new_leaves == 1 {
            self.out.push(b'&');
            self.write_key(key);
            self.out.push(b'=');
            match value {
                Scalar::Bool(b) => write_bool(&mut self.out, b),
                Scalar::Int(i) => write_int(&mut self.out, i),
                Scalar::Float(f) => write_float(&mut self.out, f),
                Scalar::Str(s) => urlencode_into(&mut self.out, s.as_bytes()),
                Scalar::Null => {}
            }
        }
        let e = &mut self.entries[index];
        e.start = start;
        e.end = self.out.len();
        e.leaves = new_leaves;
        self.leaves = self.leaves - old_leaves + new_leaves;
        if let Some((tail_start, level)) = level {
            self.restore(tail_start, level);
        }
        Ok(())
    }

    /// Opens a nested array under `key` (replacing an earlier value of `key`); the
    /// following adds go into it until [`end`](Self::end).
    ///
    /// # Errors
    /// As [`add`](Self::add).
    pub fn begin(&mut self, key: &str) -> Result<(), Error> {
        self.check_key(key)?;
        let parent = self.parent();
        let hash = hash_key(parent, key.as_bytes());
        let existing = self.find(parent, hash, key.as_bytes());
        let old_leaves = existing.map_or(0, |i| self.entries[i].leaves);
        self.check_room()?;
        let stash = existing.map(|i| self.stash_after(i));
        let index = self.push_entry(parent, hash, key.as_bytes(), existing);
        self.leaves -= old_leaves;
        let start = self.out.len();
        let e = &mut self.entries[index];
        e.start = start;
        e.end = start;
        e.leaves = 0;
        let prefix_len = self.prefix.len();
        if self.frames.is_empty() {
            urlencode_into(&mut self.prefix, key.as_bytes());
        } else {
            write_nested_key(&mut self.prefix, key.as_bytes());
        }
        self.frames.push(Frame {
            entry: index as u32,
            prefix_len,
            leaves_at_begin: self.leaves,
            stash,
        });
        Ok(())
    }

    /// Closes the innermost array opened by [`begin`](Self::begin).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when no array is open.
    pub fn end(&mut self) -> Result<(), Error> {
        let frame = self.frames.pop().ok_or_else(|| {
            Error::invalid("end without a matching begin: no nested array is open")
        })?;
        let e = &mut self.entries[frame.entry as usize];
        e.end = self.out.len();
        e.leaves = self.leaves - frame.leaves_at_begin;
        self.prefix.truncate(frame.prefix_len);
        if let Some((tail_start, level)) = frame.stash {
            self.restore(tail_start, level);
        }
        Ok(())
    }

    /// The query, exactly what [`crate::build_query`] returns for the same set.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] when a nested array is still open.
    pub fn query(&self) -> Result<&str, Error> {
        let bytes = self.query_bytes()?;
        // Always ASCII (every other byte is percent-encoded): this never fails.
        std::str::from_utf8(bytes).map_err(|_| Error::invalid("the query is not ASCII"))
    }

    /// The request hash, as [`crate::get_hash`]: lower-case hex
    /// `md5(query . "::" . login . "::" . secret)`.
    ///
    /// # Errors
    /// As [`query`](Self::query).
    pub fn hash(&self, login: &str, secret: &str) -> Result<[u8; 32], Error> {
        Ok(request_hash_bytes(self.query_bytes()?, login, secret))
    }

    /// The request hash as a `String` (see [`hash`](Self::hash)).
    ///
    /// # Errors
    /// As [`query`](Self::query).
    pub fn get_hash(&self, login: &str, secret: &str) -> Result<String, Error> {
        Ok(hex_str(&self.hash(login, secret)?).to_owned())
    }

    /// The same set as a [`Params`] (every leaf a string, lists as lists), for the
    /// client's calls: `build_query` of it is [`query`](Self::query), byte for byte.
    ///
    /// # Errors
    /// As [`query`](Self::query).
    pub fn to_params(&self) -> Result<Params, Error> {
        Ok(php_parse::parse(self.query_bytes()?, Source::PostBody))
    }

    fn query_bytes(&self) -> Result<&[u8], Error> {
        if let Some(open) = self.frames.last() {
            return Err(Error::invalid(format!(
                "nested array {} was opened with begin and never closed with end",
                self.entry_path(open.entry as usize)
            )));
        }
        Ok(self.out.get(1..).unwrap_or_default())
    }

    /// The entry index of the innermost open array, or [`TOP`].
    fn parent(&self) -> u32 {
        self.frames.last().map_or(TOP, |f| f.entry)
    }

    /// The checks `build_query` makes on a key at this position.
    fn check_key(&self, key: &str) -> Result<(), Error> {
        let depth = self.frames.len();
        if depth == 0 {
            return validate::top_level_key(key);
        }
        validate::nested_key(|| self.path(), key)?;
        validate::depth(|| format!("{}[{key}]", self.path()), depth)
    }

    /// The key path `key` would have if added now, as a reader writes it
    /// (`utm[utm_source]`): for naming a value the caller refuses before adding it.
    pub fn key_path(&self, key: &str) -> String {
        if self.frames.is_empty() {
            key.to_owned()
        } else {
            format!("{}[{key}]", self.path())
        }
    }

    /// The open arrays' key path as a reader writes it (`utm[sub]`), for errors.
    fn path(&self) -> String {
        urldecode(&String::from_utf8_lossy(&self.prefix))
    }

    fn entry_path(&self, index: usize) -> String {
        let e = &self.entries[index];
        let key = String::from_utf8_lossy(&self.keys[e.key_start..e.key_start + e.key_len]);
        if e.parent == TOP {
            key.into_owned()
        } else {
            format!("{}[{key}]", self.entry_path(e.parent as usize))
        }
    }

    fn write_key(&mut self, key: &str) {
        self.out.extend_from_slice(&self.prefix);
        if self.frames.is_empty() {
            urlencode_into(&mut self.out, key.as_bytes());
        } else {
            write_nested_key(&mut self.out, key.as_bytes());
        }
    }

    fn find(&self, parent: u32, hash: u32, key: &[u8]) -> Option<usize> {
        if self.table.is_empty() {
            return None;
        }
        let mask = self.table.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            let i = self.table[slot];
            if i == 0 {
                return None;
            }
            let e = &self.entries[i as usize - 1];
            if e.hash == hash
                && e.parent == parent
                && &self.keys[e.key_start..e.key_start + e.key_len] == key
            {
                return Some(i as usize - 1);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Appends an entry for `key` and indexes it, in place of `replaced` if given.
    fn push_entry(&mut self, parent: u32, hash: u32, key: &[u8], replaced: Option<usize>) -> usize {
        let index = self.entries.len();
        let key_start = self.keys.len();
        self.keys.extend_from_slice(key);
        self.entries.push(Entry {
            parent,
            hash,
            key_start,
            key_len: key.len(),
            start: 0,
            end: 0,
            leaves: 0,
            stash: 0,
        });
        let value = index as u32 + 1;
        if let Some(old) = replaced {
            let mask = self.table.len() - 1;
            let mut slot = hash as usize & mask;
            while self.table[slot] != old as u32 + 1 {
                slot = (slot + 1) & mask;
            }
            self.table[slot] = value;
        } else {
            if (self.table_items + 1) * 2 > self.table.len() {
                self.grow_table();
            }
            insert_slot(&mut self.table, hash, value);
            self.table_items += 1;
        }
        index
    }

    /// Refuses a leaf that would take the query past [`crate::limits::MAX_REQUEST_BODY`]
    /// and reserves room for it fallibly (no abort when memory runs out).
    fn reserve_leaf(&mut self, key: &str, value: &Scalar<'_>) -> Result<(), Error> {
        let value_len = match value {
            Scalar::Str(s) => s.len().saturating_mul(3),
            _ => 64,
        };
        let mut needed = value_len
            .saturating_add(key.len().saturating_mul(3))
            .saturating_add(self.prefix.len())
            .saturating_add(8);
        if self.out.len().saturating_add(needed) > crate::query::MAX_QUERY {
            // The bound is 3 bytes per byte; near the cap, count exactly.
            let value_len = match value {
                Scalar::Str(s) => crate::query::encoded_len(s.as_bytes()),
                _ => 64,
            };
            needed = value_len + crate::query::encoded_len(key.as_bytes()) + self.prefix.len() + 8;
        }
        if self.out.len().saturating_add(needed) > crate::query::MAX_QUERY {
            return Err(Error::invalid(format!(
                "parameter {}: the query would pass {} bytes (MAX_REQUEST_BODY, PHP's post_max_size)",
                if self.frames.is_empty() {
                    key.chars().take(64).collect::<String>()
                } else {
                    format!(
                        "{}[{}]",
                        self.path(),
                        key.chars().take(64).collect::<String>()
                    )
                },
                crate::limits::MAX_REQUEST_BODY
            )));
        }
        self.out.try_reserve(needed).map_err(|_| {
            Error::invalid(format!(
                "out of memory: cannot grow the query by {needed} bytes"
            ))
        })
    }

    /// Entry indices are `u32` (with `u32::MAX` meaning the top level).
    fn check_room(&self) -> Result<(), Error> {
        if self.entries.len() >= (u32::MAX - 1) as usize {
            return Err(Error::invalid("too many keys in one parameter set"));
        }
        Ok(())
    }

    fn grow_table(&mut self) {
        let len = (self.table.len() * 2).max(16);
        let old = std::mem::take(&mut self.table);
        let mut table = old;
        let items: Vec<u32> = table.iter().copied().filter(|&v| v != 0).collect();
        table.clear();
        table.resize(len, 0);
        for v in items {
            insert_slot(&mut table, self.entries[v as usize - 1].hash, v);
        }
        self.table = table;
    }

    /// Removes entry `index`'s bytes and sets aside everything after them, so that its
    /// new value is written where the old one was. Returns the tail's start in `tails`
    /// and its stash level, for [`restore`](Self::restore).
    fn stash_after(&mut self, index: usize) -> (usize, u32) {
        let (start, end) = (self.entries[index].start, self.entries[index].end);
        let tail_start = self.tails.len();
        self.tails.extend_from_slice(&self.out[end..]);
        self.out.truncate(start);
        self.stashes += 1;
        let level = self.stashes;
        for (i, e) in self.entries.iter_mut().enumerate() {
            // Entries after the replaced one (empty ones at its end position too, when
            // added after it).
            if e.stash == 0 && (e.start > end || (e.start == end && i > index)) {
                e.stash = level;
                e.start -= end;
                e.end -= end;
            }
        }
        (tail_start, level)
    }

    /// Puts back the tail set aside by [`stash_after`](Self::stash_after).
    fn restore(&mut self, tail_start: usize, level: u32) {
        let at = self.out.len();
        self.out.extend_from_slice(&self.tails[tail_start..]);
        self.tails.truncate(tail_start);
        self.stashes -= 1;
        for e in &mut self.entries {
            if e.stash == level {
                e.stash = 0;
                e.start += at;
                e.end += at;
            }
        }
    }
}

/// The index length for `items` keys: a power of two, at least 16 and twice the items.
fn table_len_for(items: usize) -> usize {
    (items * 2).next_power_of_two().max(16)
}

fn insert_slot(table: &mut [u32], hash: u32, value: u32) {
    let mask = table.len() - 1;
    let mut slot = hash as usize & mask;
    while table[slot] != 0 {
        slot = (slot + 1) & mask;
    }
    table[slot] = value;
}

/// A fast, non-cryptographic hash of a key and its parent (keys come from the caller,
/// but a collision only costs a comparison).
fn hash_key(parent: u32, key: &[u8]) -> u32 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h = u64::from(parent).wrapping_mul(K) ^ key.len() as u64;
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut b = [0u8; 8];
        b[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(b)).wrapping_mul(K);
    }
    (h >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::Value;

    /// Feeds a `Params` through the builder, as a C caller would.
    fn feed(b: &mut ParamsBuilder, params: &Params) -> Result<(), Error> {
        for (k, v) in params {
            feed_value(b, k, v)?;
        }
        Ok(())
    }

    fn feed_value(b: &mut ParamsBuilder, key: &str, v: &Value) -> Result<(), Error> {
        match v {
            Value::Null => b.add(key, Scalar::Null),
            Value::Bool(x) => b.add(key, Scalar::Bool(*x)),
            Value::Int(x) => b.add(key, Scalar::Int(*x)),
            Value::Float(x) => b.add(key, Scalar::Float(*x)),
            Value::Str(x) => b.add(key, Scalar::Str(x)),
            Value::List(items) => {
                b.begin(key)?;
                for (i, item) in items.iter().enumerate() {
                    feed_value(b, &i.to_string(), item)?;
                }
                b.end()
            }
            Value::Map(m) => {
                b.begin(key)?;
                for (k, item) in m {
                    feed_value(b, k, item)?;
                }
                b.end()
            }
        }
    }

    #[test]
    fn same_query_as_build_query() {
        let mut b = ParamsBuilder::new();
        for json in [
            r#"{}"#,
            r#"{"lead_email":"a@b.c","rass_name":"super"}"#,
            r#"{"a":[true,false,null,-0,1.5,1e20,"ж ~*"],"m":{"x":{},"y":[]},"z":{"k.b":{"q":0.1}}}"#,
            r#"{"e":[],"n":null}"#,
        ] {
            let p = Params::from_json(json).unwrap();
            b.clear();
            feed(&mut b, &p).unwrap();
            assert_eq!(
                b.query().unwrap(),
                crate::build_query(&p).unwrap(),
                "{json}"
            );
            assert_eq!(
                b.get_hash("l", "s").unwrap(),
                crate::get_hash(&p, "l", "s").unwrap()
            );
            assert_eq!(
                crate::build_query(&b.to_params().unwrap()).unwrap(),
                b.query().unwrap()
            );
        }
    }

    #[test]
    fn repeated_keys_replace_in_place() {
        let mut b = ParamsBuilder::new();
        b.add("a", Scalar::Int(1)).unwrap();
        b.begin("m").unwrap();
        b.add("x", Scalar::Str("1")).unwrap();
        b.add("y", Scalar::Str("2")).unwrap();
        b.add("x", Scalar::Str("3")).unwrap();
        b.end().unwrap();
        b.add("c", Scalar::Null).unwrap();
        b.add("d", Scalar::Bool(true)).unwrap();
        assert_eq!(b.query().unwrap(), "a=1&m%5Bx%5D=3&m%5By%5D=2&d=1");
        // A scalar replaced by an array and an array by a scalar, in place.
        b.begin("a").unwrap();
        b.add("0", Scalar::Str("p")).unwrap();
        b.begin("1").unwrap();
        b.add("q", Scalar::Str("r")).unwrap();
        b.end().unwrap();
        b.end().unwrap();
        b.add("m", Scalar::Str("flat")).unwrap();
        b.add("c", Scalar::Int(7)).unwrap();
        assert_eq!(
            b.query().unwrap(),
            "a%5B0%5D=p&a%5B1%5D%5Bq%5D=r&m=flat&c=7&d=1"
        );
        b.add("a", Scalar::Null).unwrap();
        assert_eq!(b.query().unwrap(), "m=flat&c=7&d=1");
        b.add("a", Scalar::Str("back")).unwrap();
        b.add("d", Scalar::Bool(false)).unwrap();
        assert_eq!(b.query().unwrap(), "a=back&m=flat&c=7&d=0");
        assert_eq!(b.leaves, 4);
        // The same as PHP's array semantics through the core model.
        let p = Params::new()
            .with("a", "back")
            .with("m", "flat")
            .with("c", 7)
            .with("d", false);
        assert_eq!(b.query().unwrap(), crate::build_query(&p).unwrap());
    }

    #[test]
    fn refused_keys_name_their_path_and_change_nothing() {
        let mut b = ParamsBuilder::new();
        b.add("ok", Scalar::Int(1)).unwrap();
        for bad in ["lead.name", "a b", "rid[0]", "", "hash"] {
            assert!(b.add(bad, Scalar::Int(1)).is_err(), "{bad}");
            assert!(b.begin(bad).is_err(), "{bad}");
        }
        b.begin("utm").unwrap();
        let err = b.add("a]b", Scalar::Int(1)).unwrap_err();
        assert!(err.to_string().contains("utm[a]b]"), "{err}");
        let err = b.begin("").unwrap_err();
        assert!(err.to_string().contains("utm[]"), "{err}");
        b.end().unwrap();
        assert!(b.end().unwrap_err().to_string().contains("begin"));
        assert_eq!(b.query().unwrap(), "ok=1");
        b.begin("open").unwrap();
        b.begin("inner").unwrap();
        let err = b.query().unwrap_err();
        assert!(err.to_string().contains("open[inner]"), "{err}");
    }

    #[test]
    fn the_query_is_capped_at_the_request_body_limit() {
        let mut b = ParamsBuilder::new();
        b.add("a", Scalar::Str(&"x".repeat(4 << 20))).unwrap();
        let e = b.add("b", Scalar::Str(&"x".repeat(4 << 20))).unwrap_err();
        assert!(e.to_string().contains("MAX_REQUEST_BODY"), "{e}");
        assert!(e.to_string().contains("parameter b"), "{e}");
        assert_eq!(
            b.query().unwrap().len(),
            (4 << 20) + 2,
            "unchanged after a refusal"
        );
    }

    #[test]
    fn limits_match_the_core() {
        let mut b = ParamsBuilder::new();
        // The 65th array's key has 64 brackets (allowed); anything inside it has 65.
        for _ in 0..65 {
            b.begin("0").unwrap();
        }
        let err = b.add("0", Scalar::Str("x")).unwrap_err();
        assert!(err.to_string().contains("65"), "{err}");
        b.begin("0").unwrap_err();
        b.add("0", Scalar::Null).unwrap_err();
        for _ in 0..65 {
            b.end().unwrap();
        }
        assert_eq!(b.query().unwrap(), "");
        b.clear();
        for _ in 0..64 {
            b.begin("0").unwrap();
        }
        b.add("0", Scalar::Str("x")).unwrap();
        for _ in 0..64 {
            b.end().unwrap();
        }
        let mut v = Value::from("x");
        for _ in 0..63 {
            v = Value::List(vec![v]);
        }
        let p = Params::new().with("0", Value::List(vec![v]));
        assert_eq!(b.query().unwrap(), crate::build_query(&p).unwrap());

        b.clear();
        for i in 0..999 {
            b.add(&format!("k{i}"), Scalar::Int(1)).unwrap();
        }
        let err = b.add("one_more", Scalar::Int(1)).unwrap_err();
        assert!(err.to_string().contains("max_input_vars"), "{err}");
        b.add("k5", Scalar::Int(2)).unwrap();
        b.add("nothing", Scalar::Null).unwrap();
        b.add("k5", Scalar::Null).unwrap();
        b.add("one_more", Scalar::Int(1)).unwrap();
    }
}
