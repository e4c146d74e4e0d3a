//! The npm package (`wasm/`): build and test. Owned by the npm-package work (issue 4).

use std::path::PathBuf;

use crate::sh::Result;

/// Builds the npm package into `wasm/pkg`; returns its folder.
pub fn package() -> Result<PathBuf> {
    Err("the npm package build is not written yet".to_owned())
}

/// Builds, packs and tests the npm package.
pub fn test() -> Result {
    crate::sh::say("npm package: not built yet (issue 4)");
    Ok(())
}
