//! The browser's clocks. The core never reads a clock; the page passes it the time.

/// `performance.now()` in milliseconds (0 without a window), for timing evaluations.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The browser clock in whole seconds since the epoch.
pub fn seconds() -> i64 {
    let secs = (js_sys::Date::now() / 1000.0).floor();
    if secs.is_finite() && secs.abs() < 9.0e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "finite and within i64 range, checked above"
        )]
        let s = secs as i64;
        s
    } else {
        0
    }
}
