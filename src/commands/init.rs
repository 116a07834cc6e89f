//! `assess init DIR`: editable copies of the default framework files.

use anyhow::{Result, bail};

use crate::Status;
use crate::cli::InitArgs;
use crate::framework::DEFAULT_FILES;
use crate::lang::Lang;
use crate::output::{Inputs, Plan};

pub fn run(args: &InitArgs, lang: Lang) -> Result<Status> {
    for (name, _) in DEFAULT_FILES {
        let path = args.dir.join(name);
        if path.exists() {
            bail!(
                "{}",
                lang.pick(
                    format!(
                        "`{}` 已存在，未覆盖任何文件；请换一个文件夹",
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
    for (name, text) in DEFAULT_FILES {
        plan.file(&args.dir.join(name), text.as_bytes())?;
    }
    plan.commit()?;
    println!(
        "{}",
        lang.pick(
            format!(
                "已在 `{}` 写入默认评估体系（{} 个文件）。修改后运行：assess indicators --check --indicators {}",
                args.dir.display(),
                DEFAULT_FILES.len(),
                args.dir.display()
            ),
            format!(
                "wrote the default framework ({} files) to `{}`. After editing, run: assess indicators --check --indicators {}",
                DEFAULT_FILES.len(),
                args.dir.display(),
                args.dir.display()
            ),
        )
    );
    Ok(Status::Ok)
}
