//! The account's IAM OIDC providers, which the role export does not hold: stage one (the
//! issuer must have a provider, the audience must be on its client-id list).
//!
//! Read from `aws iam get-open-id-connect-provider` output (one object with `Url` and
//! `ClientIDList`), a JSON array of them (each with its `Arn` if you add it), the combined
//! `{"OpenIDConnectProviders": [...]}` (oidc-trust's own wrapper, written by the README's
//! one-liner and by `scan --aws`), or `aws iam list-open-id-connect-providers` output
//! (`OpenIDConnectProviderList`: ARNs only, so the providers are known but not their
//! client ids).

use oidc_trust::aws::arn::ProviderArn;
use serde_json::Value;

use crate::iac::Provider;
use crate::input::{self, InputError, Source};

/// Reads a provider file.
pub fn read(source: &Source) -> Result<Vec<Provider>, InputError> {
    let v = input::parse_json(source)?;
    let (items, base): (Vec<&Value>, &str) = match &v {
        Value::Array(a) => (a.iter().collect(), ""),
        Value::Object(o) => {
            if let Some(Value::Array(a)) = o.get("OpenIDConnectProviders") {
                (a.iter().collect(), "/OpenIDConnectProviders")
            } else if let Some(Value::Array(a)) = o.get("OpenIDConnectProviderList") {
                (a.iter().collect(), "/OpenIDConnectProviderList")
            } else if o.contains_key("Url") {
                (vec![&v], "")
            } else {
                return Err(InputError::in_file(
                    &source.name,
                    "not a provider file: expected `get-open-id-connect-provider` output (`Url`, `ClientIDList`), an array of them, `{\"OpenIDConnectProviders\": [...]}` or `list-open-id-connect-providers` output",
                ));
            }
        }
        _ => {
            return Err(InputError::in_file(
                &source.name,
                "not a provider file: expected a JSON object or array",
            ));
        }
    };
    let single = items.len() == 1 && base.is_empty() && v.is_object();
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let pointer = if single { String::new() } else { format!("{base}/{i}") };
            let bad = |what: &str| InputError::in_file(&source.name, what.to_owned()).at(Some(&source.text), &pointer);
            let arn = item.get("Arn").and_then(Value::as_str);
            let url = item
                .get("Url")
                .and_then(Value::as_str)
                .map(|u| oidc_trust::providers::key_prefix(u).to_owned())
                .or_else(|| arn.and_then(ProviderArn::parse).map(|a| a.url.to_owned()))
                .ok_or_else(|| bad("a provider without `Url` or an `Arn` of the form `arn:aws:iam::ACCOUNT:oidc-provider/URL`"))?;
            let client_ids = match item.get("ClientIDList") {
                Some(Value::Array(a)) => Some(
                    a.iter()
                        .map(|c| c.as_str().map(str::to_owned))
                        .collect::<Option<Vec<_>>>()
                        .ok_or_else(|| bad("`ClientIDList` holds a value that is not a string"))?,
                ),
                Some(_) => return Err(bad("`ClientIDList` is not an array of strings")),
                None => None,
            };
            Ok(Provider {
                name: arn.map_or_else(|| url.clone(), str::to_owned),
                url,
                client_ids,
                site: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            name: "p.json".into(),
            path: None,
            text: text.into(),
        }
    }

    #[test]
    fn reads_every_shape() {
        let one = read(&src(r#"{"Url": "gitlab.com", "ClientIDList": ["https://gitlab.com"], "ThumbprintList": []}"#)).unwrap();
        assert_eq!(one[0].url, "gitlab.com");
        assert_eq!(
            one[0].client_ids.as_deref(),
            Some(&["https://gitlab.com".to_owned()][..])
        );
        let list = read(&src(r#"{"OpenIDConnectProviderList": [{"Arn": "arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com"}]}"#)).unwrap();
        assert_eq!(list[0].url, "token.actions.githubusercontent.com");
        assert!(list[0].client_ids.is_none());
        let e = read(&src(
            "{\"OpenIDConnectProviders\": [{\"ClientIDList\": [1]}]}",
        ))
        .unwrap_err();
        assert_eq!(e.pointer.as_deref(), Some("/OpenIDConnectProviders/0"));
        assert!(read(&src("[]")).unwrap().is_empty());
        assert!(read(&src("{\"x\": 1}")).is_err());
    }
}
