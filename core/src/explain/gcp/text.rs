//! The plain text of what Google Cloud compared (`analyze --target gcp --verbose`): the
//! provider's audiences, each attribute mapping and its value, the attribute condition
//! clause by clause with the values of its operands, and the IAM policy's members against
//! the identity. The headline, stages and hints are the shared overview's
//! ([`crate::explain::text`]).

use std::fmt::{self, Write};

use super::trace::{CelClauseTrace, CelOutcome, GcpTrace, MemberOutcome};
use crate::explain::text::{TextStyle, Tone, heading, mark, marked};

fn holds(o: CelOutcome) -> Option<bool> {
    match o {
        CelOutcome::True => Some(true),
        CelOutcome::False | CelOutcome::Error => Some(false),
        CelOutcome::Value | CelOutcome::Unsupported => None,
    }
}

fn member_words(o: MemberOutcome) -> &'static str {
    match o {
        MemberOutcome::Granted => "grants the role to this identity",
        MemberOutcome::Conditional => "names this identity, under an IAM condition (not modelled)",
        MemberOutcome::OtherRole => "names this identity, for another role",
        MemberOutcome::OtherIdentity => "names other identities of the pool",
        MemberOutcome::OtherPool => "another pool or project",
        MemberOutcome::NotFederated => "not a federated identity",
    }
}

/// The value or the error a clause or a mapping gave, after ` → `.
fn result(
    out: &mut dyn Write,
    s: &dyn TextStyle,
    value: Option<&str>,
    error: Option<&str>,
) -> fmt::Result {
    match (value, error) {
        (_, Some(e)) => {
            out.write_str(" → ")?;
            s.paint(out, Tone::Bad, e)
        }
        (Some(v), None) => write!(out, " → {v}"),
        (None, None) => Ok(()),
    }
}

fn clause(out: &mut dyn Write, s: &dyn TextStyle, c: &CelClauseTrace, depth: usize) -> fmt::Result {
    let indent = "  ".repeat(depth + 1);
    out.write_str(&indent)?;
    mark(out, s, holds(c.outcome))?;
    write!(out, " {}", c.text)?;
    result(out, s, c.value.as_deref(), c.error.as_deref())?;
    if c.decisive {
        s.paint(out, Tone::Quiet, "  (decides)")?;
    }
    out.write_char('\n')?;
    if c.clauses.is_empty() {
        for o in &c.operands {
            write!(out, "{indent}    {}", o.text)?;
            result(out, s, o.value.as_deref(), o.error.as_deref())?;
            out.write_char('\n')?;
        }
        if let Some(m) = &c.near_miss {
            writeln!(out, "{indent}    closest {}", m.value)?;
            marked(
                out,
                s,
                &format!("{indent}    token   "),
                &m.request_value,
                m.offset,
                "",
            )?;
        }
    }
    for sub in &c.clauses {
        clause(out, s, sub, depth + 1)?;
    }
    Ok(())
}

/// Everything Google compared, in its order.
pub fn trace(out: &mut dyn Write, t: &GcpTrace, s: &dyn TextStyle) -> fmt::Result {
    heading(out, s, "What Google Cloud compared")?;
    out.write_char('\n')?;
    if let Some(p) = &t.provider {
        writeln!(out, "  provider  {p}")?;
    }
    if let Some(a) = &t.sts_audience {
        let how = if t.sts_audience_derived {
            " (from the provider's name)"
        } else {
            ""
        };
        writeln!(out, "  audience  {a}{how}")?;
    }
    if !t.accepted_audiences.is_empty() {
        writeln!(out, "  accepts   {}", t.accepted_audiences.join(", "))?;
    }
    for m in &t.mappings {
        write!(out, "  ")?;
        mark(out, s, holds(m.outcome).or(Some(m.error.is_none())))?;
        write!(out, " {} = {}", m.target, m.expression)?;
        result(out, s, m.value.as_deref(), m.error.as_deref())?;
        if let Some(bytes) = m.bytes {
            s.paint(out, Tone::Quiet, &format!("  ({bytes} bytes)"))?;
        }
        out.write_char('\n')?;
    }
    if let Some(id) = &t.identity {
        writeln!(
            out,
            "  identity  {}",
            id.principal.as_deref().unwrap_or(&id.subject)
        )?;
    }
    if let Some(expression) = &t.condition_expression {
        writeln!(out, "  condition {expression}")?;
        if let Some(c) = &t.condition {
            clause(out, s, c, 1)?;
        }
    }
    if let Some(b) = &t.binding {
        writeln!(
            out,
            "  IAM policy, roles that count: {}",
            b.roles.join(", ")
        )?;
        for m in &b.members {
            out.write_str("    ")?;
            mark(out, s, Some(m.outcome == MemberOutcome::Granted))?;
            write!(out, " {} {}: ", m.role, m.member)?;
            s.paint(out, Tone::Quiet, member_words(m.outcome))?;
            out.write_char('\n')?;
        }
    }
    Ok(())
}
