//! One file per subcommand, each a thin adapter: load → core → write.

pub mod diff;
pub mod explain;
pub mod indicators;
pub mod init;
pub mod make_samples;
pub mod read_one;
pub mod review;
pub mod run;
pub mod template;
pub mod trend;
pub mod validate;

use std::path::Path;

use anyhow::Result;

use crate::framework::{self, Framework, FrameworkError};
use crate::lang::Lang;

/// Loads the framework for a command; problems in it stop the command (exit 2)
/// with every problem listed.
pub fn load_framework(path: Option<&Path>, lang: Lang) -> Result<Framework> {
    match framework::load(path) {
        Ok(fw) => Ok(fw),
        Err(FrameworkError::Problems(problems)) => {
            let list: Vec<String> = problems.iter().map(|p| p.render(lang)).collect();
            anyhow::bail!(
                "{}\n{}",
                lang.pick(
                    "评估体系有问题，请先运行 assess indicators --check 修正：",
                    "the framework has problems; run assess indicators --check and fix them:",
                ),
                list.join("\n")
            )
        }
        Err(err) => Err(err.into()),
    }
}
