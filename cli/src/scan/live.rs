//! `scan --aws` (cargo feature `aws`): the account read live with the AWS SDK for Rust and
//! the usual credential chain (environment, profiles, SSO, web identity, instance roles;
//! `AWS_ENDPOINT_URL` is honoured). Roles come from `GetAccountAuthorizationDetails`
//! (filter `Role`, every page), or from `GetRole` for the roles named with `--aws-role`;
//! providers from `ListOpenIDConnectProviders` and `GetOpenIDConnectProvider`. AWS
//! URL-encodes trust policies in these answers (and the SDK does not decode them); some
//! emulators send them as plain JSON text: both are read. The result is the same export
//! and provider list the file path reads, so every check after this is the file path's.

use aws_sdk_iam::error::DisplayErrorContext;
use aws_sdk_iam::types::EntityType;
use serde_json::{Value, json};

use crate::iac::Provider;
use crate::input::{InputError, Source};

/// The account as an export (`RoleDetailList` JSON) and its OIDC providers.
pub fn read(roles: &[String]) -> Result<(Source, Vec<Provider>), InputError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| InputError::new(format!("cannot start the AWS client: {e}")))?;
    runtime.block_on(read_async(roles))
}

fn sdk_error<E: std::error::Error>(call: &str, e: E) -> InputError {
    InputError::new(format!("aws: {call} failed: {}", DisplayErrorContext(e)))
}

/// A trust policy as IAM returns it: URL-encoded JSON text (or plain JSON text) as the
/// JSON object it holds; text that is neither is kept, and the export reader reports it.
pub fn policy_document(text: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return v;
    }
    let decoded = percent_encoding::percent_decode_str(text).decode_utf8_lossy();
    serde_json::from_str(&decoded).unwrap_or_else(|_| Value::String(text.to_owned()))
}

/// A role as an export entry.
fn role_json(name: Option<&str>, arn: Option<&str>, document: Option<&str>) -> Value {
    json!({
        "RoleName": name,
        "Arn": arn,
        "AssumeRolePolicyDocument": document.map(policy_document),
    })
}

async fn read_async(names: &[String]) -> Result<(Source, Vec<Provider>), InputError> {
    let config = aws_config::load_from_env().await;
    let iam = aws_sdk_iam::Client::new(&config);
    let mut roles = Vec::new();
    if names.is_empty() {
        let mut marker: Option<String> = None;
        loop {
            let page = iam
                .get_account_authorization_details()
                .filter(EntityType::Role)
                .set_marker(marker.take())
                .send()
                .await
                .map_err(|e| sdk_error("GetAccountAuthorizationDetails", e))?;
            for r in page.role_detail_list() {
                roles.push(role_json(
                    r.role_name(),
                    r.arn(),
                    r.assume_role_policy_document(),
                ));
            }
            match (page.is_truncated(), page.marker()) {
                (true, Some(m)) => marker = Some(m.to_owned()),
                _ => break,
            }
        }
    } else {
        for name in names {
            let out = iam
                .get_role()
                .role_name(name)
                .send()
                .await
                .map_err(|e| sdk_error(&format!("GetRole `{name}`"), e))?;
            if let Some(r) = out.role() {
                roles.push(role_json(
                    Some(r.role_name()),
                    Some(r.arn()),
                    r.assume_role_policy_document(),
                ));
            }
        }
    }
    let listed = iam
        .list_open_id_connect_providers()
        .send()
        .await
        .map_err(|e| sdk_error("ListOpenIDConnectProviders", e))?;
    let mut providers = Vec::new();
    for entry in listed.open_id_connect_provider_list() {
        let Some(arn) = entry.arn() else { continue };
        let p = iam
            .get_open_id_connect_provider()
            .open_id_connect_provider_arn(arn)
            .send()
            .await
            .map_err(|e| sdk_error(&format!("GetOpenIDConnectProvider `{arn}`"), e))?;
        let url = p.url().map_or_else(
            || {
                arn.rsplit_once(":oidc-provider/")
                    .map_or(arn, |(_, u)| u)
                    .to_owned()
            },
            |u| oidc_trust::providers::key_prefix(u).to_owned(),
        );
        providers.push(Provider {
            name: arn.to_owned(),
            url,
            client_ids: Some(p.client_id_list().to_vec()),
            site: None,
        });
    }
    let text = serde_json::to_string_pretty(&json!({ "RoleDetailList": roles }))
        .map_err(|e| InputError::new(e.to_string()))?;
    Ok((
        Source {
            name: "aws-iam".to_owned(),
            path: None,
            text,
        },
        providers,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies_plain_or_url_encoded() {
        let plain = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";
        assert_eq!(policy_document(plain), policy_document(encoded));
        assert_eq!(policy_document(plain)["Version"], "2012-10-17");
        assert_eq!(
            policy_document("not json"),
            Value::String("not json".into())
        );
    }
}
