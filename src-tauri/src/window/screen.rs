//! The window fits the shop's screen: the size in `tauri.conf.json` suits
//! most monitors, but on a 1366×768 laptop with a taskbar, or at 150 %
//! scaling, it would open taller than the screen with its buttons below
//! the edge. At start it is shrunk to the monitor's work area.

use tauri::{PhysicalSize, Runtime, WebviewWindow};

/// The inner size that makes a window of `outer` (with its frame) fit in
/// `work`, the monitor's area without the taskbar; `None` when it fits.
/// All in physical pixels.
pub fn fitted_inner(
    inner: PhysicalSize<u32>,
    outer: PhysicalSize<u32>,
    work: PhysicalSize<u32>,
) -> Option<PhysicalSize<u32>> {
    if outer.width <= work.width && outer.height <= work.height {
        return None;
    }
    let frame_width = outer.width.saturating_sub(inner.width);
    let frame_height = outer.height.saturating_sub(inner.height);
    Some(PhysicalSize::new(
        outer
            .width
            .min(work.width)
            .saturating_sub(frame_width)
            .max(1),
        outer
            .height
            .min(work.height)
            .saturating_sub(frame_height)
            .max(1),
    ))
}

/// Shrinks `window` to its monitor's work area if it is larger, and
/// centres it there. Failing to ask the system leaves the window as it is.
pub fn fit_to_screen<R: Runtime>(window: &WebviewWindow<R>) {
    let Ok(Some(monitor)) = window.current_monitor() else {
        return;
    };
    let (Ok(inner), Ok(outer)) = (window.inner_size(), window.outer_size()) else {
        return;
    };
    let work = monitor.work_area().size;
    if let Some(size) = fitted_inner(inner, outer, work) {
        log::info!(
            "window shrunk to the screen: {}x{} (work area {}x{})",
            size.width,
            size.height,
            work.width,
            work.height
        );
        // The configured minimum would hold it taller than the screen.
        let _ = window.set_min_size(None::<tauri::Size>);
        let _ = window.set_size(size);
        let _ = window.center();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(width: u32, height: u32) -> PhysicalSize<u32> {
        PhysicalSize::new(width, height)
    }

    #[test]
    fn a_window_taller_than_the_work_area_is_shrunk_with_its_frame_counted() {
        // 1100×700 with a 16×39 frame on a 1366×768 screen with a 40 px taskbar.
        assert_eq!(
            fitted_inner(size(1100, 700), size(1116, 739), size(1366, 728)),
            Some(size(1100, 689))
        );
        // The same window at 150 %: 1650×1050 does not fit either way.
        assert_eq!(
            fitted_inner(size(1650, 1050), size(1674, 1108), size(1366, 728)),
            Some(size(1342, 670))
        );
    }

    #[test]
    fn a_window_that_fits_is_left_alone() {
        assert_eq!(
            fitted_inner(size(1100, 700), size(1116, 739), size(1920, 1040)),
            None
        );
        // Exactly the work area still fits.
        assert_eq!(
            fitted_inner(size(1100, 700), size(1116, 739), size(1116, 739)),
            None
        );
    }

    #[test]
    fn a_nonsense_monitor_gives_a_window_of_at_least_one_pixel() {
        assert_eq!(
            fitted_inner(size(1100, 700), size(1116, 739), size(0, 0)),
            Some(size(1, 1))
        );
    }
}
