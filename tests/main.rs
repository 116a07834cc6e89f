//! One integration binary: one file per subcommand, all running the real `assess`.

mod common;
mod test_analysis;
mod test_bulletin;
mod test_diff;
mod test_explain;
mod test_feedback;
mod test_indicators;
mod test_init;
mod test_interrupted;
mod test_links;
mod test_names;
mod test_read_one;
mod test_readme;
mod test_review;
mod test_rules_edit;
mod test_run;
mod test_samples;
mod test_score;
mod test_sheet_detail;
mod test_sheet_dimensions;
mod test_sheet_shortfall;
mod test_template;
mod test_trend;
mod test_trust;
mod test_validate;
mod test_workbook;
