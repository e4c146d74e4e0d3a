//! Token files: one token (a JWT or its claims as JSON), one JWT per line, or a JSON array
//! of tokens or claims objects.

use oidc_trust::Claims;

use crate::input::Source;

/// A token to scan with.
#[derive(Debug, Clone)]
pub struct ScanToken {
    /// Where it came from (`file`, `file:3` for line 3, `file[2]` for an array element).
    pub label: String,
    /// Its claims, or why it could not be decoded.
    pub claims: Result<Claims, String>,
}

/// Reads a token file: one token, one JWT per line, or a JSON array of tokens or claims.
pub fn read_tokens(source: &Source) -> Vec<ScanToken> {
    let text = source.text.trim();
    let one = |label: String, t: &str| ScanToken {
        label,
        claims: oidc_trust::decode(t)
            .map(|t| t.claims)
            .map_err(|e| e.to_string()),
    };
    if text.starts_with('[')
        && let Ok(serde_json::Value::Array(items)) = serde_json::from_str(text)
    {
        return items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let label = format!("{}[{i}]", source.name);
                match v {
                    serde_json::Value::String(s) => one(label, s),
                    serde_json::Value::Object(m) => ScanToken {
                        label,
                        claims: Ok(Claims::new(m.clone())),
                    },
                    other => ScanToken {
                        label,
                        claims: Err(format!(
                            "expected a token string or a claims object, found {other}"
                        )),
                    },
                }
            })
            .collect();
    }
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if lines.len() > 1
        && lines
            .iter()
            .all(|(_, l)| l.matches('.').count() == 2 && !l.contains(' '))
    {
        return lines
            .into_iter()
            .map(|(i, l)| one(format!("{}:{}", source.name, i + 1), l))
            .collect();
    }
    vec![one(source.name.clone(), text)]
}
