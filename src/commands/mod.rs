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

/// Every path given on the command line exists, or the message that names
/// the first that does not (before anything is read, in `lang`).
fn given_paths_exist<'p>(
    paths: impl IntoIterator<Item = &'p std::path::Path>,
    lang: crate::lang::Lang,
) -> anyhow::Result<()> {
    for path in paths {
        if std::fs::symlink_metadata(path).is_err() {
            anyhow::bail!(lang.pick(
                format!(
                    "「{}」不存在：请检查文件夹或文件的名称和位置",
                    path.display()
                ),
                format!(
                    "`{}` does not exist: check the folder's or the file's name and place",
                    path.display()
                ),
            ));
        }
    }
    Ok(())
}
