//! Strict e-mail syntax for bulk rows: what a spreadsheet export breaks (angle
//! brackets, `mailto:`, quotes, spaces, doubled dots) is refused with the reason,
//! before anything is sent. Internationalised addresses (кириллица.рф) pass.

/// Characters allowed in the local part besides letters and digits (RFC 5322 atext).
const LOCAL_SPECIALS: &str = "!#$%&'*+/=?^_`{|}~.-";

/// Checks `email` (already trimmed).
///
/// # Errors
/// Why it is not an address, naming the offending part.
pub fn check_email(email: &str) -> Result<(), String> {
    if email.is_empty() {
        return Err("lead_email is empty".into());
    }
    let bad = |why: &str| {
        Err(format!(
            "lead_email {email:?} is not an e-mail address: {why}"
        ))
    };
    if email.to_ascii_lowercase().starts_with("mailto:") {
        return bad("remove the mailto: prefix");
    }
    if email.starts_with('<') || email.ends_with('>') {
        return bad("remove the angle brackets");
    }
    if let Some(c) = email.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return bad(&format!("it contains {c:?}"));
    }
    if email.chars().count() > 254 {
        return bad("longer than 254 characters");
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad("no @");
    };
    if local.is_empty() {
        return bad("nothing before the @");
    }
    if local.contains('@') {
        return bad("more than one @");
    }
    if local.chars().count() > 64 {
        return bad("more than 64 characters before the @");
    }
    if let Some(c) = local
        .chars()
        .find(|c| !(c.is_alphanumeric() || LOCAL_SPECIALS.contains(*c)))
    {
        return bad(&format!("{c:?} is not allowed before the @"));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad("misplaced dot before the @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("the domain has no dot");
    }
    for l in &labels {
        if l.is_empty() {
            return bad("empty part in the domain");
        }
        if l.chars().count() > 63 {
            return bad("a domain part is longer than 63 characters");
        }
        if let Some(c) = l.chars().find(|c| !(c.is_alphanumeric() || *c == '-')) {
            return bad(&format!("{c:?} is not allowed in the domain"));
        }
        if l.starts_with('-') || l.ends_with('-') {
            return bad("a domain part starts or ends with '-'");
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return bad("the domain ends in digits");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_breakage_is_refused_with_the_reason() {
        for ok in [
            "a@b.ru",
            "first.last+tag@sub.example.com",
            "o'neil@example.ie",
            "иван@почта.рф",
            "x_y-z@xn--80a1acny.xn--p1ai",
        ] {
            assert_eq!(check_email(ok), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("<a@b.ru>", "angle brackets"),
            ("mailto:a@b.ru", "mailto:"),
            ("a@exa\"mple.com", "not allowed in the domain"),
            ("a\"b@example.com", "not allowed before the @"),
            ("a b@example.com", "contains ' '"),
            ("a@b", "no dot"),
            ("a..b@example.com", "misplaced dot"),
            ("a@@b.ru", "more than one @"),
            ("@b.ru", "nothing before"),
            ("a@-b.ru", "starts or ends"),
            ("a@b..ru", "empty part"),
            ("a@1.2.3.4", "ends in digits"),
            ("a,b@example.com", "not allowed before"),
        ] {
            let e = check_email(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
        assert_eq!(check_email("").unwrap_err(), "lead_email is empty");
    }
}
