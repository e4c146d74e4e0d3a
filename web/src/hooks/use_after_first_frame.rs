//! Whether the first frame is on screen, for painting the verdict before the details.

use yew::prelude::*;

/// `false` on the first render, `true` from the next animation frame on: the verdict paints
/// first and the details follow a frame later, so a first-time visitor sees the answer as
/// soon as the wasm has started.
#[hook]
pub fn use_after_first_frame() -> bool {
    let painted = use_state(|| false);
    {
        let painted = painted.clone();
        use_effect_with((), move |()| {
            let frame = gloo::render::request_animation_frame(move |_| painted.set(true));
            move || drop(frame)
        });
    }
    *painted
}
