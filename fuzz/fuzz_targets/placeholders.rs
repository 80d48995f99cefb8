//! Template placeholder parsing: placeholders in order, not overlapping, on character
//! boundaries, each name inside its placeholder; the cheap pre-check never misses one.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use phi_guard::template;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let found = template::placeholders(&text);
    if !template::may_contain_placeholders(&text) {
        assert!(found.is_empty(), "pre-check said no placeholder");
    }
    let mut end = 0;
    for p in &found {
        assert!(p.span.start >= end, "placeholders overlap or are out of order");
        assert!(!p.span.is_empty());
        assert!(common::in_text(&text, &p.span), "placeholder {:?}", p.span);
        assert!(common::in_text(&text, &p.name), "name {:?}", p.name);
        assert!(p.span.start <= p.name.start && p.name.end <= p.span.end);
        end = p.span.end;
    }
    let mut count = 0;
    template::for_each_placeholder(&text, |_| count += 1);
    assert_eq!(count, found.len());
});
