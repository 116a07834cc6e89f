//! `assess init DIR`.

use crate::common::Test;

#[test]
fn init_writes_the_default_framework_which_shows_the_same_tree() {
    let t = Test::new();
    let run = t.run(&["init", "x"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in ["framework.toml", "units.toml", "fields.toml", "wuyou.toml"] {
        assert!(t.path("x").join(name).is_file(), "{name} written");
    }
    let default = t.run(&["indicators"]);
    let copy = t.run(&["indicators", "--indicators", "x"]);
    assert_eq!(copy.code, 0, "{}", copy.stderr);
    // same model, same identity, same tree
    assert_eq!(default.stdout, copy.stdout);
}

#[test]
fn init_never_overwrites() {
    let t = Test::new();
    assert_eq!(t.run(&["init", "x"]).code, 0);
    t.edit("x/units.toml", "长安区", "长安区（改）");
    let again = t.run(&["init", "x"]);
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("已存在，未覆盖任何文件"),
        "{}",
        again.stderr
    );
    let text = std::fs::read_to_string(t.path("x/units.toml")).expect("read");
    assert!(
        text.contains("长安区（改）"),
        "the edited file is untouched"
    );
}
