//! Contacts and groups (spec 6.1).

use serde_json::{Value as Json, json};

use super::{Ctx, Reply, strings, text, valid_email};
use crate::state::{STATUS_SUBSCRIBE, STATUS_UNSUBSCRIBE, STATUS_WAIT, Subscription};

const EMAIL_MISSING: &str = "Email is missing";
const ALREADY: &str = "The subscriber is already registered";
const INVALID_GROUP: &str = "Has an invalid subscriptions group";
const ACTIVATION_SENT: &str = "Activation email sent to subscriber";
const SUBSCRIBER_NOT_FOUND: &str = "Subscriber not found";
const GROUP_NOT_FOUND: &str = "Group not found";
const GROUP_SUBSCRIBERS_NOT_FOUND: &str = "Group subscribers is not found";
const ADDRESS_NOT_FOUND: &str = "Subscriber with such address is not found";

/// The name given to contacts added without one.
const DEFAULT_NAME: &str = "Дорогой друг";

/// `AddLeadToGroup`: subscribe `lead_email` to the groups `rid[n]`.
///
/// Documented codes: 100, 102 (already in every group), 103 (a group does not exist),
/// 104 (automatic group). Server variant: missing and automatic groups are skipped;
/// with none left, or all already joined, code 0 with the 103/102 text.
pub(crate) fn add_lead_to_group(c: &mut Ctx<'_>) -> Reply {
    let Some(email) = valid_email(&c.s("lead_email")) else {
        return Reply::err(100, EMAIL_MISSING);
    };
    let rids: Vec<String> = strings(c.p.get("rid"))
        .into_iter()
        .filter(|r| !r.is_empty())
        .collect();
    let mut groups = Vec::new();
    for rid in &rids {
        match c.st.group(rid) {
            Some(g) if g.auto && !c.server() => {
                return Reply::err(104, format!("Subscription forbidden for {rid}"));
            }
            Some(g) if !g.auto => groups.push(g.name.clone()),
            _ if !c.server() => return Reply::err(103, INVALID_GROUP),
            _ => {}
        }
    }
    let already_code = if c.server() { 0 } else { 102 };
    if groups.is_empty() {
        return Reply::err(if c.server() { 0 } else { 103 }, INVALID_GROUP);
    }
    let existing = c.st.contact(&email);
    let is_active_somewhere = existing.is_some_and(|ct| {
        ct.subscriptions
            .iter()
            .any(|s| s.status == STATUS_SUBSCRIBE)
    });
    let new_groups: Vec<String> = groups
        .into_iter()
        .filter(|g| {
            !existing.is_some_and(|ct| {
                ct.subscriptions
                    .iter()
                    .any(|s| &s.group == g && s.is_active())
            })
        })
        .collect();
    if new_groups.is_empty() {
        return Reply::err(already_code, ALREADY);
    }
    let wants_activation = !c.empty("activation") && !is_active_somewhere;
    let (name, phone, city, tag) = (
        c.s("lead_name"),
        c.s("lead_phone"),
        c.s("lead_city"),
        c.s("tag"),
    );
    let mut extra = Vec::new();
    for key in ["doneurl2", "aff", "noaff"] {
        if !c.s(key).is_empty() {
            extra.push((key.to_owned(), c.s(key)));
        }
    }
    if let Some(justclick::Value::Map(utm)) = c.p.get("utm") {
        for (k, v) in utm.iter() {
            extra.push((format!("utm[{k}]"), super::scalar(Some(v))));
        }
    }
    let now = c.now;
    let contact = match c.st.contact_mut(&email) {
        Some(ct) => ct,
        None => c.st.new_contact(&email),
    };
    if !name.is_empty() {
        contact.name = name;
    } else if contact.name.is_empty() {
        contact.name = DEFAULT_NAME.to_owned();
    }
    if !phone.is_empty() {
        contact.phone = phone;
    }
    if !city.is_empty() {
        contact.city = city;
    }
    if !tag.is_empty() && !contact.tags.contains(&tag) {
        contact.tags.push(tag);
    }
    for (k, v) in extra {
        contact.fields.insert(k, v);
    }
    let mut any_wait = false;
    for group in new_groups {
        // A contact who unsubscribed once is not asked to confirm again (spec 9.9).
        let was_member = contact.subscriptions.iter().any(|s| s.group == group);
        let status = if wants_activation && !was_member {
            any_wait = true;
            STATUS_WAIT
        } else {
            STATUS_SUBSCRIBE
        };
        match contact.subscriptions.iter_mut().find(|s| s.group == group) {
            Some(s) => {
                s.status = status.to_owned();
                s.time = now;
            }
            None => contact.subscriptions.push(Subscription {
                group,
                status: status.to_owned(),
                time: now,
            }),
        }
    }
    c.touch();
    Reply::ok(if any_wait { ACTIVATION_SENT } else { text::OK })
}

/// `UpdateSubscriberData`: change name, phone, city, tags of an existing contact.
pub(crate) fn update_subscriber_data(c: &mut Ctx<'_>) -> Reply {
    let Some(email) = valid_email(&c.s("lead_email")) else {
        return Reply::err(100, EMAIL_MISSING);
    };
    let (name, phone, city) = (c.s("lead_name"), c.s("lead_phone"), c.s("lead_city"));
    let tags =
        c.p.get("lead_tags")
            .map(|_| super::comma_list(&c.s("lead_tags")));
    let Some(contact) =
        c.st.contact_mut(&email)
            .filter(|ct| !ct.subscriptions.is_empty())
    else {
        return Reply::err(500, SUBSCRIBER_NOT_FOUND);
    };
    if !name.is_empty() {
        contact.name = name;
    }
    if !phone.is_empty() {
        contact.phone = phone;
    }
    if !city.is_empty() {
        contact.city = city;
    }
    if let Some(tags) = tags {
        contact.tags = tags;
    }
    c.touch();
    Reply::ok(text::OK)
}

/// `DeleteSubscribe`: unsubscribe `lead_email` from `rass_name` (a string or an
/// array). 800: no such group; 801: the contact is not in that group. An empty
/// `rass_name` does nothing and answers `OK`, as the server code does.
pub(crate) fn delete_subscribe(c: &mut Ctx<'_>) -> Reply {
    let email = c.s("lead_email").trim().to_lowercase();
    let groups: Vec<String> = strings(c.p.get("rass_name"))
        .into_iter()
        .filter(|g| !g.is_empty())
        .collect();
    for group in &groups {
        if c.st.group(group).is_none() {
            return Reply::err(800, GROUP_SUBSCRIBERS_NOT_FOUND);
        }
        let member = c.st.contact(&email).is_some_and(|ct| {
            ct.subscriptions
                .iter()
                .any(|s| &s.group == group && s.status != STATUS_UNSUBSCRIBE)
        });
        if !member {
            return Reply::err(801, ADDRESS_NOT_FOUND);
        }
    }
    let now = c.now;
    if let Some(contact) = c.st.contact_mut(&email) {
        for s in &mut contact.subscriptions {
            if groups.contains(&s.group) {
                STATUS_UNSUBSCRIBE.clone_into(&mut s.status);
                s.time = now;
            }
        }
    }
    if !groups.is_empty() {
        c.touch();
    }
    Reply::ok(text::OK)
}

fn lead_groups(c: &Ctx<'_>, with_status: bool) -> Reply {
    let Some(email) = valid_email(&c.s("email")) else {
        return Reply::err(3, text::WRONG_DATA);
    };
    let Some(contact) = c.st.contact(&email) else {
        return Reply::err(500, SUBSCRIBER_NOT_FOUND);
    };
    let rows: Vec<Json> = contact
        .subscriptions
        .iter()
        .filter_map(|s| {
            let g = c.st.group(&s.group)?;
            Some(if with_status {
                json!({"rass_name": g.name, "rass_title": g.title,
                       "rass_status": s.status, "subscription_time": s.time})
            } else {
                json!({"rass_name": g.name, "rass_title": g.title})
            })
        })
        .collect();
    if rows.is_empty() {
        return Reply::err(501, GROUP_NOT_FOUND);
    }
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `GetLeadGroupStatuses`: the contact's groups with `rass_status` and
/// `subscription_time` (UNIX seconds). 3: bad e-mail; 500: no contact; 501: no groups.
pub(crate) fn get_lead_group_statuses(c: &mut Ctx<'_>) -> Reply {
    lead_groups(c, true)
}

/// `GetLeadGroups` (deprecated): the contact's groups.
pub(crate) fn get_lead_groups(c: &mut Ctx<'_>) -> Reply {
    lead_groups(c, false)
}

/// `GetAllGroups`: every non-automatic group; the server variant adds `rass_id`.
pub(crate) fn get_all_groups(c: &mut Ctx<'_>) -> Reply {
    let server = c.server();
    let rows: Vec<Json> =
        c.st.groups
            .iter()
            .filter(|g| !g.auto)
            .map(|g| {
                if server {
                    json!({"rass_id": g.id, "rass_name": g.name, "rass_title": g.title})
                } else {
                    json!({"rass_name": g.name, "rass_title": g.title})
                }
            })
            .collect();
    if rows.is_empty() {
        return Reply::err(501, GROUP_NOT_FOUND);
    }
    Reply::ok(text::OK).with(Json::Array(rows))
}

/// `GetCountSubscribe`: active subscribers of `group_name`, or of the account with
/// `unique` (contacts active somewhere) or `all` (every contact; the server variant
/// spells it `alls`). 2: missing; 501: unknown group.
pub(crate) fn get_count_subscribe(c: &mut Ctx<'_>) -> Reply {
    if c.empty("group_name") {
        return Reply::err(2, text::NO_DATA);
    }
    let name = c.s("group_name");
    let all_word = if c.server() { "alls" } else { "all" };
    let count = if name == all_word {
        c.st.contacts.len()
    } else if name == "unique" {
        c.st.contacts
            .iter()
            .filter(|ct| ct.subscriptions.iter().any(|s| s.is_active()))
            .count()
    } else if c.st.group(&name).is_some() {
        c.st.contacts
            .iter()
            .filter(|ct| {
                ct.subscriptions
                    .iter()
                    .any(|s| s.group == name && s.is_active())
            })
            .count()
    } else {
        return Reply::err(501, GROUP_NOT_FOUND);
    };
    Reply::ok(text::OK).with(json!(count))
}
