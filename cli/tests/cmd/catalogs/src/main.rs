// Not a template: a folder walk passes over source files.
fn main() { println!("Your asthma review"); }
