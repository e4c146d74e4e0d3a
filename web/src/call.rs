//! The call section's inputs read into the core's request: the call's parameters, the
//! role's settings, where the call comes from, and the organization's RCPs. A blank field
//! is "not given" (the core then lists the check as not made, or the key as unknown), never
//! an empty string. A number or a tag line that cannot be read is left out too, and
//! [`field_error`] says why, for the message under its field.

use std::collections::BTreeMap;

use oidc_trust::api::{Organization, Rcp, Request};

use crate::inputs::{CallField, CallInputs, RcpInput};

/// The text as typed, unless it is blank. For the call's parameters, which STS receives as
/// they are: a stray space in a session name is an error STS reports, so it stays.
fn exact(text: &str) -> Option<String> {
    (!text.trim().is_empty()).then(|| text.to_owned())
}

/// The text without surrounding blanks, unless it is blank. For the caller's context, which
/// no one types with spaces on purpose.
fn trimmed(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A whole number of seconds; `None` when blank.
pub fn seconds(text: &str) -> Result<Option<i64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>().map(Some).map_err(|_| {
        let digits = t.trim_start_matches(['+', '-']);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            format!("`{t}` is too large a number of seconds")
        } else {
            format!("`{t}` is not a whole number of seconds")
        }
    })
}

/// The role's tags from `key=value` lines (blank lines skipped; a value may be empty, as in
/// IAM); `None` when there are none. The first line that cannot be read is named.
pub fn tags(text: &str) -> Result<Option<BTreeMap<String, String>>, String> {
    let mut map = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let n = i + 1;
        let Some((key, value)) = line.split_once('=') else {
            return Err(format!("line {n}: `{line}` is not `key=value`"));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("line {n}: `{line}` has no key before `=`"));
        }
        if map
            .insert(key.to_owned(), value.trim().to_owned())
            .is_some()
        {
            return Err(format!("line {n}: the tag `{key}` is given twice"));
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

/// Why a field cannot be read, if it cannot: it is then left out of the request.
pub fn field_error(call: &CallInputs, field: CallField) -> Option<String> {
    let text = call.field(field);
    match field {
        CallField::Duration | CallField::MaxSession => seconds(text).err(),
        CallField::RoleTags => tags(text).err(),
        CallField::RoleArn
        | CallField::SessionName
        | CallField::SourceIp
        | CallField::Region
        | CallField::Vpce => None,
    }
}

/// The RCPs the request carries, each with the index of its editor: blank editors are
/// skipped, so the core's `document` n is the n-th of these.
pub fn sent_rcps(call: &CallInputs) -> impl Iterator<Item = (usize, &RcpInput)> {
    call.rcps
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.policy.trim().is_empty())
}

/// The name an RCP goes by: the typed one, else `RCP <n>` after its editor (the core's
/// default counts the RCPs sent, which skips blank editors).
pub fn rcp_name(editor: usize, rcp: &RcpInput) -> String {
    trimmed(&rcp.name).unwrap_or_else(|| format!("RCP {}", editor + 1))
}

/// Puts what is typed into the request (the rest stays as the request has it).
pub fn fill(call: &CallInputs, r: &mut Request) {
    r.call.role_arn = exact(&call.role_arn);
    r.call.role_session_name = exact(&call.session_name);
    r.call.duration_seconds = seconds(&call.duration).ok().flatten();
    r.role.max_session_duration = seconds(&call.max_session).ok().flatten();
    r.role.tags = tags(&call.role_tags).ok().flatten();
    // Through a VPC endpoint AWS sees the caller's private address, as `aws:VpcSourceIp`,
    // and no `aws:SourceIp`.
    let ip = trimmed(&call.source_ip);
    r.caller.source_vpce = trimmed(&call.vpce);
    if r.caller.source_vpce.is_some() {
        r.caller.vpc_source_ip = ip;
    } else {
        r.caller.source_ip = ip;
    }
    r.caller.region = trimmed(&call.region);
    let rcps: Vec<Rcp> = sent_rcps(call)
        .map(|(i, rcp)| Rcp {
            name: Some(rcp_name(i, rcp)),
            // As typed, so the answer's spans point into the editor's text.
            policy: serde_json::Value::String(rcp.policy.clone()),
        })
        .collect();
    if call.management_account || !rcps.is_empty() {
        r.organization = Some(Organization {
            management_account: call.management_account,
            rcps,
            ..Organization::default()
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_or_say_why() {
        assert_eq!(seconds(""), Ok(None));
        assert_eq!(seconds(" 3600 "), Ok(Some(3600)));
        assert_eq!(seconds("-5"), Ok(Some(-5)), "the core says what STS says");
        assert_eq!(
            seconds("36OO"),
            Err("`36OO` is not a whole number of seconds".to_owned())
        );
        assert_eq!(
            seconds("99999999999999999999"),
            Err("`99999999999999999999` is too large a number of seconds".to_owned())
        );
        assert!(seconds("1h").is_err());
        assert!(seconds("-").is_err());
    }

    #[test]
    fn tags_are_read_line_by_line() {
        assert_eq!(tags(" \n"), Ok(None));
        let t = tags("team = platform\n\nenv=\n").unwrap().unwrap();
        assert_eq!(t.get("team").map(String::as_str), Some("platform"));
        assert_eq!(t.get("env").map(String::as_str), Some(""));
        assert_eq!(
            tags("a=1\nnope"),
            Err("line 2: `nope` is not `key=value`".to_owned())
        );
        assert_eq!(
            tags("=x"),
            Err("line 1: `=x` has no key before `=`".to_owned())
        );
        assert_eq!(
            tags("a=1\na=2"),
            Err("line 2: the tag `a` is given twice".to_owned())
        );
    }

    #[test]
    fn only_what_is_typed_goes_into_the_request() {
        let mut r = Request::default();
        fill(&CallInputs::default(), &mut r);
        assert_eq!(r, Request::default(), "nothing typed, nothing sent");

        let call = CallInputs {
            role_arn: "arn:aws:iam::123456789012:role/deploy".to_owned(),
            session_name: " a".to_owned(),
            duration: "36OO".to_owned(),
            max_session: "7200".to_owned(),
            role_tags: "team=platform\nbroken".to_owned(),
            source_ip: " 203.0.113.7 ".to_owned(),
            region: "eu-west-1".to_owned(),
            rcps: vec![
                RcpInput::default(),
                RcpInput {
                    name: String::new(),
                    policy: " {}".to_owned(),
                },
            ],
            ..CallInputs::default()
        };
        let mut r = Request::default();
        fill(&call, &mut r);
        assert_eq!(
            r.call.role_arn.as_deref(),
            Some("arn:aws:iam::123456789012:role/deploy")
        );
        assert_eq!(r.call.role_session_name.as_deref(), Some(" a"), "as typed");
        assert_eq!(r.call.duration_seconds, None, "unreadable: left out");
        assert_eq!(r.role.max_session_duration, Some(7200));
        assert_eq!(r.role.tags, None, "a broken line leaves the tags unknown");
        assert_eq!(r.caller.source_ip.as_deref(), Some("203.0.113.7"));
        assert_eq!(r.caller.vpc_source_ip, None);
        assert_eq!(r.caller.region.as_deref(), Some("eu-west-1"));
        assert_eq!(r.caller.user_agent, None);
        let org = r.organization.unwrap();
        assert!(!org.management_account);
        assert_eq!(org.rcps.len(), 1, "the blank editor is skipped");
        let rcp = org.rcps.first().unwrap();
        assert_eq!(rcp.name.as_deref(), Some("RCP 2"), "named after its editor");
        assert_eq!(rcp.policy, serde_json::Value::String(" {}".to_owned()));
        assert!(field_error(&call, CallField::Duration).is_some());
        assert_eq!(field_error(&call, CallField::MaxSession), None);
        assert!(field_error(&call, CallField::RoleTags).is_some());
    }

    #[test]
    fn through_a_vpc_endpoint_the_address_is_the_private_one() {
        let call = CallInputs {
            source_ip: "10.0.0.5".to_owned(),
            vpce: "vpce-0a1b2c3d".to_owned(),
            ..CallInputs::default()
        };
        let mut r = Request::default();
        fill(&call, &mut r);
        assert_eq!(r.caller.source_ip, None);
        assert_eq!(r.caller.vpc_source_ip.as_deref(), Some("10.0.0.5"));
        assert_eq!(r.caller.source_vpce.as_deref(), Some("vpce-0a1b2c3d"));
        assert_eq!(r.organization, None);
    }

    #[test]
    fn the_management_account_alone_makes_an_organization() {
        let call = CallInputs {
            management_account: true,
            ..CallInputs::default()
        };
        let mut r = Request::default();
        fill(&call, &mut r);
        let org = r.organization.unwrap();
        assert!(org.management_account);
        assert!(org.rcps.is_empty());
    }
}
