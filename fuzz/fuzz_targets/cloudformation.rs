//! The CloudFormation and SAM readers: the input as a YAML template (short-form tags) and
//! as a JSON one, with and without parameters, then the CLI's lint over every trust policy
//! found.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_cli::iac::{self, Options};

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let parameters = Options {
        parameters: vec![
            ("GitHubOrg".to_owned(), "acme".to_owned()),
            ("Repo".to_owned(), "*".to_owned()),
        ],
        ..Options::default()
    };
    for options in [Options::default(), parameters] {
        let yaml = oidc_trust_fuzz::source("template.yaml", &text);
        if let Ok(tree) = iac::yaml::parse(&yaml) {
            if let Ok(inventory) = iac::cfn::read(&yaml, &tree, &options) {
                oidc_trust_fuzz::lint_inventory(&inventory);
            }
        }
        let json = oidc_trust_fuzz::source("template.json", &text);
        if let Ok(tree) = iac::yaml::from_json(&json) {
            if let Ok(inventory) = iac::cfn::read(&json, &tree, &options) {
                oidc_trust_fuzz::lint_inventory(&inventory);
            }
        }
    }
});
