//! Each operator family's comparison of one request value with one policy value, in its
//! positive form (negation, set qualifiers and missing keys are applied by the caller).
//! The rules are the IAM User Guide's page on condition operators
//! (`reference_policies_elements_condition_operators`).

use std::net::IpAddr;

use base64::Engine as _;

use crate::aws::policy::{BaseOperator, Family};
use crate::matching;
use crate::time;

/// Whether `request` satisfies `policy` under `base` (positive form). A value that is not of
/// the operator's type (a date that does not parse, an address that is not an address)
/// matches nothing, as in IAM.
pub(super) fn compare(base: BaseOperator, request: &str, policy: &str) -> bool {
    use BaseOperator as B;
    match base.family() {
        Family::String => match base {
            B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => {
                request.eq_ignore_ascii_case(policy)
                    || (!request.is_ascii() && request.to_lowercase() == policy.to_lowercase())
            }
            // `StringLike` is matched against its pattern before this point.
            _ => request == policy,
        },
        // `true` or `false`, in any case, on both sides: any other value is not a boolean
        // and matches nothing, as for the other typed families (UNCONFIRMED: IAM documents
        // Bool only for `true` and `false`; iam-simulate reads it this way, and the
        // differential test found our earlier text comparison matching `us-east-1`).
        Family::Bool => {
            let boolean =
                |s: &str| s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false");
            boolean(request) && boolean(policy) && request.eq_ignore_ascii_case(policy)
        }
        Family::Numeric => {
            let (Ok(r), Ok(p)) = (request.trim().parse::<f64>(), policy.trim().parse::<f64>())
            else {
                return false;
            };
            ordered(base, r.partial_cmp(&p))
                || (matches!(base, B::NumericEquals | B::NumericNotEquals)
                    && (r - p).abs() < f64::EPSILON * r.abs().max(p.abs()).max(1.0))
        }
        // Dates in the W3C profiles of ISO 8601 or epoch seconds, compared as instants to
        // the millisecond.
        Family::Date => match (time::parse_iam_date(request), time::parse_iam_date(policy)) {
            (Some(r), Some(p)) => ordered(base, Some(r.cmp(&p))),
            _ => false,
        },
        Family::IpAddress => in_range(request, policy),
        Family::Arn => arn_like(request, policy),
        // The policy holds the bytes in base64; the request's value is compared byte for
        // byte.
        Family::Binary => base64::engine::general_purpose::STANDARD
            .decode(policy.trim())
            .is_ok_and(|bytes| bytes == request.as_bytes()),
        Family::Null => false,
    }
}

/// The ordered comparisons (`...Equals`, `...LessThan`...) of two ordered values.
fn ordered(base: BaseOperator, order: Option<std::cmp::Ordering>) -> bool {
    use BaseOperator as B;
    use std::cmp::Ordering::{Equal, Greater, Less};
    let Some(o) = order else { return false };
    match base {
        B::NumericEquals | B::NumericNotEquals | B::DateEquals | B::DateNotEquals => o == Equal,
        B::NumericLessThan | B::DateLessThan => o == Less,
        B::NumericLessThanEquals | B::DateLessThanEquals => o != Greater,
        B::NumericGreaterThan | B::DateGreaterThan => o == Greater,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => o != Less,
        _ => false,
    }
}

/// Whether an address lies in a range written as an address or a CIDR block (`203.0.113.0/24`,
/// `2001:db8::/32`), IPv4 and IPv6 (IAM: "IP address or range in RFC 4632 format").
fn in_range(request: &str, policy: &str) -> bool {
    let Ok(addr) = request.trim().parse::<IpAddr>() else {
        return false;
    };
    let (net, len) = match policy.trim().split_once('/') {
        Some((n, l)) => (n, l.parse::<u32>().ok()),
        None => (policy.trim(), None),
    };
    let Ok(net) = net.parse::<IpAddr>() else {
        return false;
    };
    match (addr, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let len = len.unwrap_or(32);
            len <= 32 && prefix_equal(u128::from(a.to_bits()), u128::from(n.to_bits()), 32, len)
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let len = len.unwrap_or(128);
            len <= 128 && prefix_equal(a.to_bits(), n.to_bits(), 128, len)
        }
        _ => false,
    }
}

/// Whether the first `len` of `width` bits of `a` and `b` are equal.
fn prefix_equal(a: u128, b: u128, width: u32, len: u32) -> bool {
    if len == 0 {
        return true;
    }
    let shift = width - len;
    (a >> shift) == (b >> shift)
}

/// `ArnEquals` and `ArnLike` (IAM gives them the same meaning): each of the six
/// colon-separated parts is matched separately, case-sensitively, with `*` and `?`
/// wildcards that do not cross a part (the resource part keeps its own colons).
fn arn_like(request: &str, policy: &str) -> bool {
    let (Some(r), Some(p)) = (parts(request), parts(policy)) else {
        return false;
    };
    r.iter()
        .zip(&p)
        .all(|(r, p)| matching::like(&matching::pattern(p), r))
}

/// The six parts of an ARN, or `None` when it has fewer.
fn parts(arn: &str) -> Option<Vec<&str>> {
    let v: Vec<&str> = arn.splitn(6, ':').collect();
    (v.len() == 6).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BaseOperator as B;

    #[test]
    fn dates_compare_as_instants() {
        assert!(compare(B::DateEquals, "2026-12-01T00:00:00Z", "2026-12-01"));
        assert!(compare(B::DateEquals, "1796083200", "2026-12-01T00:00:00Z"));
        assert!(compare(
            B::DateLessThan,
            "2026-11-30T23:59:59Z",
            "2026-12-01T00:00:00Z"
        ));
        assert!(compare(
            B::DateGreaterThanEquals,
            "2026-12-01T01:00:00+01:00",
            "2026-12-01"
        ));
        assert!(!compare(B::DateLessThan, "soon", "2026-12-01"));
    }

    #[test]
    fn addresses_and_ranges() {
        assert!(compare(B::IpAddress, "203.0.113.7", "203.0.113.0/24"));
        assert!(!compare(B::IpAddress, "203.0.114.7", "203.0.113.0/24"));
        assert!(compare(B::IpAddress, "203.0.113.7", "203.0.113.7"));
        assert!(compare(B::IpAddress, "2001:db8::1", "2001:db8::/32"));
        assert!(!compare(B::IpAddress, "2001:db8::1", "203.0.113.0/24"));
        assert!(compare(B::IpAddress, "10.1.2.3", "0.0.0.0/0"));
        assert!(!compare(B::IpAddress, "10.1.2.3", "10.0.0.0/33"));
    }

    #[test]
    fn arns_part_by_part() {
        let role = "arn:aws:iam::123456789012:role/ci/deploy";
        assert!(compare(B::ArnLike, role, "arn:aws:iam::*:role/ci/*"));
        assert!(compare(
            B::ArnEquals,
            role,
            "arn:aws:iam::123456789012:role/ci/deploy"
        ));
        assert!(!compare(B::ArnLike, role, "arn:aws:iam::*:role/other/*"));
        assert!(!compare(B::ArnLike, role, "arn:aws:*:role/ci/deploy"));
        assert!(!compare(B::ArnLike, "not-an-arn", "*"));
    }

    #[test]
    fn numbers_and_binary() {
        assert!(compare(B::NumericLessThanEquals, "5", "5.0"));
        assert!(compare(B::NumericEquals, "20", "2e1"));
        assert!(compare(B::BinaryEquals, "hello", "aGVsbG8="));
        assert!(!compare(B::BinaryEquals, "hello", "not base64!"));
    }
}
