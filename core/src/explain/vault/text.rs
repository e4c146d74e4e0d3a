//! The plain text of what Vault compared (`analyze --target vault --verbose`): each of the
//! role's bindings and claim reads against the token, the closest value of a failed one
//! with the token's marked where it parts. The headline, stages and hints are the shared
//! overview's ([`crate::explain::text`]).

use std::fmt::{self, Write};

use serde_json::Value;

use super::trace::{VaultCheck, VaultField};
use crate::explain::text::{TextStyle, Tone, heading, mark, marked};
use crate::vault::login::CheckOutcome;

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn check(out: &mut dyn Write, s: &dyn TextStyle, c: &VaultCheck) -> fmt::Result {
    out.write_str("  ")?;
    mark(
        out,
        s,
        match c.outcome {
            CheckOutcome::Matched => Some(true),
            CheckOutcome::NotReached => None,
            _ => Some(false),
        },
    )?;
    write!(out, " {:<16}{}", c.field.name(), c.claim)?;
    if !c.expected.is_empty() {
        let values: Vec<String> = c.expected.iter().map(shown).collect();
        let glob = if c.glob { " (glob)" } else { "" };
        write!(out, " in [{}]{glob}", values.join(", "))?;
    }
    out.write_char('\n')?;
    // A binding that matched says nothing more; a claim read shows the value it read.
    let read = matches!(
        c.field,
        VaultField::UserClaim | VaultField::ClaimMappings | VaultField::GroupsClaim
    );
    let found = match (&c.found, c.outcome) {
        (_, CheckOutcome::NotReached) => return Ok(()),
        (_, CheckOutcome::Matched) if !read => return Ok(()),
        (None, _) | (Some(Value::Null), CheckOutcome::Missing) => {
            "the token has no such claim".to_owned()
        }
        (Some(v), _) => format!("token {}", shown(v)),
    };
    if let Some(m) = &c.near_miss {
        writeln!(out, "      closest {}", m.value)?;
        marked(out, s, "      token   ", &m.request_value, m.offset, "")
    } else {
        out.write_str("      ")?;
        s.paint(out, Tone::Quiet, &found)?;
        out.write_char('\n')
    }
}

/// Every check of the login, in Vault's order.
pub fn trace(out: &mut dyn Write, checks: &[VaultCheck], s: &dyn TextStyle) -> fmt::Result {
    if checks.is_empty() {
        return Ok(());
    }
    heading(out, s, "What Vault compared")?;
    out.write_char('\n')?;
    checks.iter().try_for_each(|c| check(out, s, c))
}
