//! Any parameter tree: `build_query` either refuses it with InvalidArgument or produces
//! a query that PHP's `parse_str` (our port, which the sandbox and notification parser
//! use and which is tested against real PHP) parses back into parameters that rebuild
//! to exactly the same bytes — the server-side signature check in miniature.
#![no_main]

use arbitrary::Arbitrary;
use justclick::{Error, Params, Value, build_query, php_parse};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

fn to_value(n: Node) -> Value {
    match n {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => Value::Int(i),
        Node::Float(f) => Value::Float(f),
        Node::Str(s) => Value::Str(s),
        Node::List(l) => Value::List(l.into_iter().map(to_value).collect()),
        Node::Map(m) => Value::Map(m.into_iter().map(|(k, v)| (k, to_value(v))).collect()),
    }
}

fuzz_target!(|top: Vec<(String, Node)>| {
    let params: Params = top.into_iter().map(|(k, v)| (k, to_value(v))).collect();
    match build_query(&params) {
        Ok(query) => {
            let parsed = php_parse::parse_str(&query);
            let rebuilt = build_query(&parsed).expect("parsed params rebuild");
            assert_eq!(rebuilt, query, "round trip through parse_str changed the query");
        }
        Err(Error::InvalidArgument { .. }) => {}
        Err(other) => panic!("build_query failed with a non-argument error: {other}"),
    }
});
