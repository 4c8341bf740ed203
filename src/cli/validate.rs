//! `assent validate FILE...`

use std::path::PathBuf;
use std::process::ExitCode;

use crate::consultation;

pub fn run(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let name = path.display().to_string();
        let source = match std::fs::read_to_string(path) {
            Ok(s) => s,
            Err(e) => {
                println!("{name}:1:1: cannot read the file: {e}");
                failed = true;
                continue;
            }
        };
        match consultation::parse(&source) {
            Ok(c) => println!(
                "{name}: ok — \"{}\", {} questions in {} stages, languages {}",
                c.slug,
                c.questions.len(),
                c.stages.len(),
                c.languages
                    .iter()
                    .map(|l| l.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Err(problems) => {
                failed = true;
                for p in problems {
                    println!("{}", p.render(&name));
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
