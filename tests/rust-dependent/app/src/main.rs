//! Signs a parameter set and prints the hash: the crate's API used from another package.
fn main() -> Result<(), justclick::Error> {
    let params = justclick::Params::new()
        .with("lead_email", "a@b.c")
        .with("rass_name", "super");
    println!("{}", justclick::get_hash(&params, "login", "secret")?);
    Ok(())
}
