//! HashiCorp Vault / OpenBao: `analyze_any_json` with `target: vault` (a role as `vault read
//! -format=json` prints it or bare, and the mount's configuration), `lint_vault_json` and
//! `generate_vault_json`, on the whole input and on requests built from its parts
//! `token | role | config-or-free-string`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust::api::{analyze_any_json, generate_vault_json, lint_vault_json};
use oidc_trust_fuzz::{Part, analyze_any, config_request, parts, requests};

fuzz_target!(|data: &[u8]| {
    let (text, _) = parts::<1>(data);
    let _ = analyze_any_json(&text);
    let _ = lint_vault_json(&text);
    let _ = generate_vault_json(&text);
    let target = ("target", Part::Fixed("vault"));
    analyze_any(&requests(
        data,
        &[target, ("role", Part::Config), ("config", Part::Extra)],
        &[],
    ));
    analyze_any(&requests(
        data,
        &[target, ("role", Part::Config)],
        &["roleName", "loginRole", "remoteAddr", "mount"],
    ));
    let fields = [("role", Part::Config), ("config", Part::Extra)];
    let _ = lint_vault_json(&config_request(data, &fields));
    for request in requests(data, &[], &["roleName", "mount", "scope"]) {
        let _ = generate_vault_json(&request);
    }
});
