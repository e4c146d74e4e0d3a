//! The `.tf` reader (literals only, for pre-commit), then the CLI's lint over every trust
//! policy found.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_cli::iac;

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let source = oidc_trust_fuzz::source("main.tf", &text);
    if let Ok(inventory) = iac::hcl::read_literals(&source) {
        oidc_trust_fuzz::lint_inventory(&inventory);
    }
    let _ = iac::hcl::HclFile::parse("main.tf", &text);
});
