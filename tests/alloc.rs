//! The hot path does no heap allocation per clean message once warmed up.

// A global allocator is unsafe code by definition; this test binary is the one place in the
// workspace that needs it (the library itself forbids unsafe code).
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use phi_guard::{Engine, Scratch};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const CLEAN: &[&str] = &[
    "Reminder: You have an appointment tomorrow at 10:30. Reply 1 to confirm, 2 to reschedule.",
    "Hi {{1}}, your prescription is ready for pickup at {{2}}. Questions? Call 414-209-8830.",
    "Erinnerung: Sie haben morgen um 10:30 Uhr einen Termin. Antworten Sie mit 1, um ihn zu bestätigen.",
    "Gentile cliente, le ricordiamo l'appuntamento di domani alle 9:15 presso la nostra sede di Milano.",
    "Your order has shipped and will arrive on Monday. Track it at https://example.com/t/123.",
];

#[test]
fn clean_messages_do_not_allocate() {
    let engine = Engine::default();
    let mut scratch = Scratch::new();
    // Warm up: buffers grow to fit.
    for _ in 0..3 {
        for text in CLEAN {
            assert!(engine.check_with(&mut scratch, text).findings.is_empty(), "{text}");
        }
    }
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..100 {
        for text in CLEAN {
            std::hint::black_box(engine.check_with(&mut scratch, text));
        }
    }
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert_eq!(after - before, 0, "allocations while checking clean messages");
}
