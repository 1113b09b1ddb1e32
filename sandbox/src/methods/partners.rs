//! Partners (spec 6.4).

use serde_json::json;

use super::time::parse_ymd;
use super::{Ctx, Reply, text};

/// `GetPartnerStats`: a partner's totals. 2: no `partner`; 3: a date that is not
/// `YYYY-MM-DD`; 1000: unknown partner. The sandbox keeps totals only, so the
/// period does not change the figures.
pub(crate) fn get_partner_stats(c: &mut Ctx<'_>) -> Reply {
    if c.empty("partner") {
        return Reply::err(2, text::NO_DATA);
    }
    for key in ["date_from", "date_to"] {
        let d = c.s(key);
        if !d.is_empty() && parse_ymd(&d).is_none() {
            return Reply::err(3, text::WRONG_DATA);
        }
    }
    let login = c.s("partner");
    let Some(p) = c.st.partners.iter().find(|p| p.login == login) else {
        return Reply::err(1000, "Partner not found");
    };
    Reply::ok(text::OK).with(json!({
        "earned_total": p.earned_total,
        "topay_total": p.topay_total,
        "clicks_total": p.clicks_total,
        "leads_total": p.leads_total,
        "bills_total": p.bills_total,
        "partners_total": p.partners_total,
    }))
}
