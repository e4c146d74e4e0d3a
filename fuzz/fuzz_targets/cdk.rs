//! The CDK reader: the input as a cloud assembly's `manifest.json`, read in the fixture
//! assembly's folder (`tests/cli/iac/cdk.out`), so the stack templates it names are found
//! and read as CloudFormation; then the CLI's lint over every trust policy found.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oidc_trust_cli::iac::{self, Options};

fuzz_target!(|data: &[u8]| {
    let (text, _) = oidc_trust_fuzz::parts::<1>(data);
    let source = oidc_trust_fuzz::source("cdk.out/manifest.json", &text);
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/cli/iac/cdk.out"
    ));
    if let Ok(inventory) = iac::cdk::read_manifest(dir, &source, &Options::default()) {
        oidc_trust_fuzz::lint_inventory(&inventory);
    }
});
