//! `assess`: parse the arguments, run, turn the outcome into an exit code.
//!
//! 0 = done, no findings; 1 = done, with findings that block the job; 2 = could not run.

use std::process::ExitCode;

fn main() -> ExitCode {
    // `assess … | head` closes the pipe early: stop quietly instead of panicking
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if info
            .payload_as_str()
            .is_some_and(|m| m.contains("Broken pipe"))
        {
            std::process::exit(0);
        }
        default(info);
    }));
    let cli = county_assess::cli::Cli::from_args();
    let code = match county_assess::run(&cli) {
        Ok(status) => status.into(),
        Err(err) => {
            eprintln!("{}{err:#}", cli.lang().pick("错误：", "error: "));
            ExitCode::from(2)
        }
    };
    if cli.self_check {
        // a window Windows opened for a dropped file closes when we exit
        county_assess::text::self_check_end(cli.lang());
    }
    code
}
