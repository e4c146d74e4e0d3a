//! The trace card of a target other than AWS: what the cloud compared, one row per check,
//! in the same look as AWS's trust-policy trace (a badge, what was checked, the configured
//! value and the token's, the near miss marked where they part ways, and a button that
//! marks the place in its box). Each target's data differs, so each has its own card; the
//! rows are [`row`] for all of them.

#[cfg(feature = "targets")]
mod entra;
#[cfg(feature = "targets")]
mod gcp;
#[cfg(feature = "targets")]
mod publishing;
#[cfg(feature = "targets")]
mod vault;

#[cfg(feature = "targets")]
mod rows;

use oidc_trust::api::AnyAnalysis;
use yew::prelude::*;

use crate::state::{Mark, Places};
#[cfg(feature = "targets")]
use rows::{At, Found, Row, card, row};

/// Props of [`TargetTrace`].
#[derive(Debug, Properties, PartialEq)]
pub struct TargetTraceProps {
    /// The answer.
    pub analysis: std::rc::Rc<AnyAnalysis>,
    /// Which box the trace's places point into, and whether they still fit.
    pub places: Places,
    /// The place marked.
    pub selected: Option<Mark>,
    /// Marks a place in a box.
    pub onselect: Callback<Option<Mark>>,
}

/// The trace card of the answer's target (AWS has its own, [`super::trace::TraceView`]).
#[component]
pub fn TargetTrace(props: &TargetTraceProps) -> Html {
    match &*props.analysis {
        AnyAnalysis::Aws(_) => html! {},
        #[cfg(feature = "targets")]
        AnyAnalysis::Azure(a) => entra::view(a, props),
        #[cfg(feature = "targets")]
        AnyAnalysis::Gcp(a) => gcp::view(a, props),
        #[cfg(feature = "targets")]
        AnyAnalysis::Vault(a) => vault::view(a, props),
        #[cfg(feature = "targets")]
        AnyAnalysis::Publishing(a) => publishing::view(a, props),
    }
}
