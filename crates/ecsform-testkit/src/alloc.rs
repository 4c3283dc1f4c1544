//! A global allocator for benchmarks that counts live heap bytes and their peak, so a
//! benchmark reports the memory of the code it measures.
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: ecsform_testkit::alloc::Counting = ecsform_testkit::alloc::Counting;
//! let base = ecsform_testkit::alloc::reset_peak();
//! // ... the measured code ...
//! let peak_bytes = ecsform_testkit::alloc::peak_since(base);
//! ```
//!
//! A thread that only serves the benchmark (the latency proxy's) can leave itself out
//! with [`leave_this_thread_out`]: its allocations are then not counted.

// The project's one unsafe code: implementing `GlobalAlloc` is unsafe by definition.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts live heap bytes and their peak around the system allocator.
#[derive(Debug, Clone, Copy)]
pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    // const-initialized and without a destructor: reading it never allocates.
    static LEFT_OUT: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread's allocations count (threads being torn down count).
fn counted() -> bool {
    LEFT_OUT.try_with(|l| !l.get()).unwrap_or(true)
}

/// Subtracts from the live bytes without wrapping below zero (a block allocated on a
/// left-out thread and freed on a counted one).
fn sub_live(n: usize) {
    let _ = LIVE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| {
        Some(v.saturating_sub(n))
    });
}

// SAFETY: every call forwards to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && counted() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if counted() {
            sub_live(layout.size());
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && counted() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                sub_live(layout.size() - new_size);
            }
        }
        p
    }
}

/// Starts a measurement: the peak is reset to what is live now, which is returned.
pub fn reset_peak() -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    base
}

/// The peak heap above `base` since [`reset_peak`].
#[must_use]
pub fn peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

/// Leaves the calling thread's allocations (and frees) out of the counts from now on:
/// for threads that serve the benchmark rather than the measured code.
pub fn leave_this_thread_out() {
    LEFT_OUT.with(|l| l.set(true));
}
