//! The Terraform readers: `terraform show -json` of a plan or a state (whatever the JSON,
//! read as either), then the CLI's lint over every trust policy found.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_cli::iac::{self, Options};

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let source = oidc_trust_fuzz::source("plan.json", &text);
    let Ok(top) = serde_json::from_str::<serde_json::Value>(&text) else {
        return;
    };
    if let Ok(inventory) = iac::terraform::read(&source, &top, &Options::default()) {
        oidc_trust_fuzz::lint_inventory(&inventory);
    }
    // The dispatcher `lint` uses (the file kind recognised from the content).
    if let Ok(Some(inventory)) = iac::read(
        std::path::Path::new("plan.json"),
        &source,
        &Options::default(),
    ) {
        oidc_trust_fuzz::lint_inventory(&inventory);
    }
});
