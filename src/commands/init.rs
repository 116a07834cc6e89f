//! `assess init DIR`: editable copies of the default framework files and of
//! the bulletin's settings (`bulletin.toml`).

use anyhow::{Result, bail};

use crate::Status;
use crate::cli::InitArgs;
use crate::framework::DEFAULT_FILES;
use crate::lang::Lang;
use crate::output::{Inputs, Plan};
use crate::report::bulletin::settings;

/// The framework's files and, beside them, the bulletin's yearly settings.
fn files() -> Vec<(&'static str, &'static str)> {
    let mut files = DEFAULT_FILES.to_vec();
    files.push((settings::FILE_NAME, settings::DEFAULT));
    files
}

pub fn run(args: &InitArgs, lang: Lang) -> Result<Status> {
    let files = files();
    for (name, _) in &files {
        let path = args.dir.join(name);
        if path.exists() {
            bail!(
                "{}",
                lang.pick(
                    format!(
                        "「{}」已存在，未覆盖任何文件；请换一个文件夹",
                        path.display()
                    ),
                    format!(
                        "`{}` already exists; nothing was overwritten; choose another folder",
                        path.display()
                    ),
                )
            );
        }
    }
    let mut plan = Plan::new(Inputs::default());
    for (name, text) in &files {
        plan.file(&args.dir.join(name), text.as_bytes())?;
    }
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!(
                "已在「{}」写入默认评估体系（{} 个文件）和通报设置 {}。修改后运行：assess indicators --check --indicators {}",
                args.dir.display(),
                DEFAULT_FILES.len(),
                settings::FILE_NAME,
                args.dir.display()
            ),
            format!(
                "wrote the default framework ({} files) and the bulletin settings {} to `{}`. After editing, run: assess indicators --check --indicators {}",
                DEFAULT_FILES.len(),
                settings::FILE_NAME,
                args.dir.display(),
                args.dir.display()
            ),
        )
    );
    Ok(Status::Ok)
}
