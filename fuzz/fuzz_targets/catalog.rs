//! Invariants of the catalog readers, shared by the `catalog_*` targets: reading never
//! panics; errors name a line and column inside the input with a fixed message (never
//! the input's text); every entry's text maps back to character boundaries inside the
//! source, in order; and findings in an entry map inside the source.

#![allow(dead_code)]

use std::path::Path;

use phi_guard::Engine;
use phi_guard::template::catalog::{self, Format};

pub fn run(format: Format, path: &str, data: &[u8]) {
    let src = super::common::text(data);
    let c = catalog::read(format, Path::new(path), &src);
    let lines = src.matches('\n').count() + 1;
    for e in &c.errors {
        let line = e.line().expect("a catalog error names its line");
        let column = e.column().expect("a catalog error names its column");
        assert!(line >= 1 && line <= lines && column >= 1, "line {line}, column {column}");
        let msg = e.to_string();
        assert!(msg.is_ascii() && msg.len() < 200, "error message quotes input: {msg:?}");
    }
    let engine = Engine::default();
    for entry in &c.entries {
        let text = entry.text.as_str();
        let mut prev = 0;
        for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            let start = entry.text.to_source_start(i);
            let end = entry.text.to_source_end(i);
            assert!(src.is_char_boundary(start) && start <= src.len(), "to_source_start({i}) = {start}");
            assert!(src.is_char_boundary(end) && end <= src.len(), "to_source_end({i}) = {end}");
            assert!(end >= prev, "the map goes back at {i}");
            prev = start.max(prev);
        }
        let report = engine.check(text);
        super::common::check_report(text, &report);
        for f in &report.findings {
            let r = entry.text.to_source_range(f.span.clone());
            assert!(super::common::in_text(&src, &r), "finding {:?} maps to {r:?}", f.span);
        }
    }
}
