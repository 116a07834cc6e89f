//! The README's two commands stay true.

use crate::common::repo;

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("README.md");
    let blocks: Vec<&str> = readme.split("```").skip(1).step_by(2).take(2).collect();
    assert_eq!(blocks.len(), 2, "two code blocks first");
    assert!(
        blocks[0].contains("cargo run --release -- "),
        "{}",
        blocks[0]
    );
    assert!(blocks[1].contains("cargo test"), "{}", blocks[1]);
    let ci = std::fs::read_to_string(repo().join(".ci/run")).expect(".ci/run");
    let test_command = blocks[1].trim().lines().last().unwrap_or("");
    assert!(ci.contains(test_command), ".ci/run runs `{test_command}`");
}
