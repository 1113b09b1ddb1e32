//! `justclick sign`: the PHP query and request hash for a parameter set, offline.

use serde_json::json;

use crate::args::{Global, SignArgs};
use crate::creds::Credentials;
use crate::exit::{CliResult, Failure};
use crate::output::Output;
use crate::params_arg::parse_params;

/// Prints the query, the hash and the body that would be POSTed. The secret is used
/// for the hash and never printed.
///
/// # Errors
/// Missing credentials, bad JSON, or parameter shapes PHP would rewrite.
pub fn sign(g: &Global, out: Output, a: &SignArgs) -> CliResult {
    let creds = Credentials::resolve(g)?;
    let params = parse_params(Some(&a.params))?;
    let signed = justclick::sign(&params, &creds.login, &creds.secret).map_err(Failure::from)?;
    out.print_either(
        &json!({"query": signed.query(), "hash": signed.hash(), "body": signed.body()}),
        &format!(
            "query: {}\nhash:  {}\nbody:  {}",
            signed.query(),
            signed.hash(),
            signed.body()
        ),
    )
}
