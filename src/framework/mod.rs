//! The indicator model: what is reported, how it is scored, who is assessed.
//!
//! A framework is one TOML file, or a folder whose `framework.toml` includes
//! the others (`indicators/README.md` documents every key). Reading goes in
//! three steps: [`load`] reads the files into [`spec`] structs (one per TOML
//! table), [`check`] validates them into a [`Framework`] while collecting
//! every [`Problem`], and the rest of the program sees only the validated
//! model. The default framework is embedded in the binary ([`DEFAULT_FILES`]).

pub mod check;
pub mod describe;
pub mod load;
pub mod model;
pub mod problem;
pub mod spec;

use std::path::Path;

pub use load::{LoadError, Origin, RawFramework};
pub use model::*;
pub use problem::{Problem, ProblemKind};

/// The files of the default framework (县级红十字会核心能力评估), main file first.
pub const DEFAULT_FILES: &[(&str, &str)] = &[
    (
        "framework.toml",
        include_str!("../../indicators/county-core/framework.toml"),
    ),
    (
        "units.toml",
        include_str!("../../indicators/county-core/units.toml"),
    ),
    (
        "fields.toml",
        include_str!("../../indicators/county-core/fields.toml"),
    ),
    (
        "wuyou.toml",
        include_str!("../../indicators/county-core/wuyou.toml"),
    ),
];

/// Why no framework came out of loading.
#[derive(Debug, thiserror::Error)]
pub enum FrameworkError {
    /// The files could not be read at all.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The files were read but hold mistakes; every one is listed.
    #[error("the framework has {} problem(s)", .0.len())]
    Problems(Vec<Problem>),
}

/// Loads and validates a framework from a path, or the embedded default when `path` is `None`.
pub fn load(path: Option<&Path>) -> Result<Framework, FrameworkError> {
    let origin = match path {
        Some(path) => Origin::Path(path),
        None => Origin::Embedded {
            prefix: "<default>/",
            files: DEFAULT_FILES,
        },
    };
    let raw = RawFramework::read(&origin)?;
    check::check(&raw).map_err(FrameworkError::Problems)
}

/// Why a command cannot use the framework it was given (it stops, exit 2).
#[derive(Debug, thiserror::Error)]
pub enum Unusable {
    /// The files could not be read at all: the message, in the command's language.
    #[error("{0}")]
    Load(String),
    /// The files hold mistakes: the message lists every one and says how to fix them.
    #[error("{0}")]
    Problems(String),
}

/// Loads the framework a command is given; problems in it are listed in
/// `lang` with the advice to run `assess indicators --check`.
pub fn load_usable(path: Option<&Path>, lang: crate::lang::Lang) -> Result<Framework, Unusable> {
    load(path).map_err(|err| match err {
        FrameworkError::Load(e) => Unusable::Load(e.message(lang)),
        FrameworkError::Problems(problems) => {
            let list: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
            Unusable::Problems(format!(
                "{}\n{}",
                lang.pick(
                    "评估体系有问题，请先运行 assess indicators --check 修正：",
                    "the framework has problems; run assess indicators --check and fix them:",
                ),
                list.join("\n")
            ))
        }
    })
}

/// Loads and validates a framework from text (for tests and tools).
pub fn from_str(name: &str, text: &str) -> Result<Framework, Vec<Problem>> {
    let files = [(name, text)];
    let raw = RawFramework::read(&Origin::Embedded {
        prefix: "",
        files: &files,
    })
    .map_err(|e| {
        vec![Problem {
            file: name.into(),
            line: 1,
            key: "-".into(),
            kind: ProblemKind::Unreadable(e.to_string()),
        }]
    })?;
    check::check(&raw)
}

#[cfg(test)]
mod tests;
