//! `assent validate` as a user runs it: exit status and `FILE:LINE:COLUMN: message` lines.

use std::process::Command;

fn validate(files: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_assent"))
        .arg("validate")
        .args(files)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("assent runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_bundled_consultations_validate() {
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/consultations"))
            .expect("consultations folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .map(|p| p.display().to_string())
            .collect();
    files.sort();
    assert!(!files.is_empty());
    let refs: Vec<&str> = files.iter().map(String::as_str).collect();
    let (code, out) = validate(&refs);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("city-health-data.toml: ok — \"city-health-data\", 20 questions in 8 stages, languages en, es, fr, ar"), "{out}");
}

#[test]
fn a_removed_arabic_text_is_reported_with_its_position() {
    let (code, out) = validate(&["tests/fixtures/missing-arabic.toml"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/fixtures/missing-arabic.toml:40:29: questions[1].options[2].text: missing \"ar\" text\n"
    );
}

#[test]
fn a_duplicate_id_is_reported_at_the_second_occurrence() {
    let (code, out) = validate(&["tests/fixtures/duplicate-id.toml"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/fixtures/duplicate-id.toml:59:6: duplicate question id \"sharing\" (first used on line 44)\n"
    );
}

#[test]
fn a_syntax_error_is_reported_with_line_and_column() {
    let (code, out) = validate(&["tests/fixtures/syntax-error.toml"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "tests/fixtures/syntax-error.toml:60:15: TOML syntax error: invalid basic string\n"
    );
}

#[test]
fn show_if_and_repeat_of_problems_are_reported_with_their_positions() {
    let (code, out) = validate(&["tests/fixtures/broken-deliberation.toml"]);
    assert_eq!(code, 1);
    let file = "tests/fixtures/broken-deliberation.toml";
    assert_eq!(
        out,
        format!(
            "{file}:46:13: stage \"again\": repeat_of must point to a questions stage: \"talk\" is \
             a statements stage\n\
             {file}:64:12: questions[2].show_if: no question has id \"ride\"\n\
             {file}:74:12: questions[3].show_if: show_if can only use questions asked earlier: \
             \"priorities\" is asked in stage \"basics\" after this one\n"
        )
    );
}

#[test]
fn the_deliberation_fixture_validates() {
    let (code, out) = validate(&["tests/fixtures/deliberation.toml"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("\"bus-data\", 4 questions in 4 stages"),
        "{out}"
    );
}

#[test]
fn one_bad_file_among_good_ones_fails_the_run_and_names_only_itself() {
    let (code, out) = validate(&[
        "tests/fixtures/valid.toml",
        "tests/fixtures/duplicate-id.toml",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("tests/fixtures/valid.toml: ok"), "{out}");
    assert!(!out.contains("tests/fixtures/valid.toml:1"), "{out}");
}
