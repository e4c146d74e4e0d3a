//! The playground (`web/`): build, serve and test. Owned by the playground work (issue 5).

use crate::sh::Result;

/// Builds and serves the playground on 127.0.0.1.
pub fn serve(_args: &[String]) -> Result {
    Err("the playground is not written yet".to_owned())
}

/// Builds the playground and runs its browser tests.
pub fn test() -> Result {
    crate::sh::say("playground: not built yet (issue 5)");
    Ok(())
}
