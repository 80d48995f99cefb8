//! The README's rule table is the rule list: one row per rule, in `Rule::ALL` order, and
//! every example in it is found by its rule on the words it shows in bold.

use std::path::Path;

use phi_guard::{Engine, Policy, Rule};

/// The rows between `<!-- rules:start -->` and `<!-- rules:end -->`: (rule id, example).
fn rule_table() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = readme.find("<!-- rules:start -->").expect("the README marks its rule table start");
    let end = readme.find("<!-- rules:end -->").expect("the README marks its rule table end");
    readme[start..end]
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().trim_matches('|').split('|').map(str::trim).collect();
            // `<a id="rule-phi-condition"></a>`phi/condition``: the anchor the SARIF
            // help links point at, then the id.
            let first = cells.first()?;
            let (anchor, id) = first.split_once('`')?;
            let id = id.strip_suffix('`')?;
            let want = format!("<a id=\"rule-{}\"></a>", id.replace('/', "-"));
            assert_eq!(anchor, want, "the anchor of {id}");
            Some((id.to_string(), cells.last()?.to_string()))
        })
        .collect()
}

#[test]
fn the_readme_lists_every_rule_in_order() {
    let ids: Vec<String> = rule_table().into_iter().map(|(id, _)| id).collect();
    let want: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(ids, want);
}

#[test]
fn every_readme_example_is_found_by_its_rule() {
    let outbound = Engine::default();
    let mut checked = 0;
    for (id, example) in rule_table() {
        // "Your **diabetes** checkup": the text without the stars, and the bold part.
        let Some((before, rest)) = example.split_once("**") else { continue };
        let (bold, after) = rest.split_once("**").unwrap_or_else(|| panic!("{id}: unbalanced ** in {example:?}"));
        let text = format!("{before}{bold}{after}");
        let report = outbound.check(&text);
        let at = before.len()..before.len() + bold.len();
        assert!(
            report.findings.iter().any(|f| f.rule.id() == id && f.span.start < at.end && at.start < f.span.end),
            "{id}: {text:?} gives {:?}",
            report.findings.iter().map(|f| (f.rule.id(), f.span.clone())).collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert!(checked >= Rule::ALL.len() - 1, "only {checked} examples have a bold part");
    // The one row without an example: the opt-out rule, under the marketing policy.
    let marketing = outbound.with_policy(Policy::marketing());
    assert!(
        marketing
            .check("Spring sale: 20% off teeth whitening this week!")
            .findings
            .iter()
            .any(|f| f.rule.id() == "marketing/opt-out-missing")
    );
}
