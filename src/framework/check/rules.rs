//! `[[rule]]`: the cross-field checks, and the parser of their `a + b <= c` text.

use std::collections::HashMap;

use crate::framework::load::At;
use crate::framework::model::{Comparison, FieldType, Rule, Term};
use crate::framework::problem::ProblemKind as K;

use super::Checker;

pub(super) fn rules(c: &mut Checker<'_>, field_types: &HashMap<&str, FieldType>) -> Vec<Rule> {
    let mut out = Vec::new();
    for At { file, item: r, .. } in &c.raw.rules {
        let offset = r.check.span().start;
        match parse_rule(r.check.get_ref()) {
            Ok((left, comparison, right)) => {
                let mut ok = true;
                for term in left.iter().chain(&right) {
                    if let Term::Field { code, .. } = term {
                        match field_types.get(code.as_str()) {
                            None if c.raw.is_broken("field", code) => ok = false,
                            None => {
                                c.report(
                                    *file,
                                    offset,
                                    "rule.check",
                                    K::UnknownField(code.to_string()),
                                );
                                ok = false;
                            }
                            Some(t) if !t.is_numeric() => {
                                c.report(
                                    *file,
                                    offset,
                                    "rule.check",
                                    K::FieldType {
                                        field: code.to_string(),
                                        found: t.name().into(),
                                        expected: "integer/decimal/percent",
                                    },
                                );
                                ok = false;
                            }
                            Some(_) => {}
                        }
                    }
                }
                if ok {
                    out.push(Rule {
                        text: r.check.get_ref().clone(),
                        left,
                        comparison,
                        right,
                        message: r.message.clone(),
                        message_en: r.message_en.clone(),
                    });
                }
            }
            Err(msg) => c.report(*file, offset, "rule.check", K::BadRule(msg)),
        }
    }
    out
}

/// Splits `a+b - wuyou-met` into `a`, `+`, `b`, `-`, `wuyou-met`: a `-` between
/// two letters belongs to a name, any other `+` or `-` is an operator.
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        let joins = ch == '-'
            && i > 0
            && chars[i - 1].is_alphanumeric()
            && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
        if ch == '+' || (ch == '-' && !joins) || ch.is_whitespace() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if !ch.is_whitespace() {
                out.push(ch.to_string());
            }
        } else {
            word.push(ch);
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Why a rule's text could not be read (said in the checker's language by
/// [`crate::framework::problem`]).
#[derive(Debug, Clone, PartialEq)]
pub enum RuleError {
    /// No `<=`, `<`, `>=`, `>` or `==`.
    NoComparison(String),
    /// A token that is neither a field code nor a number.
    NotATerm(String),
    /// Nothing on one side of the comparison.
    EmptySide(String),
}

impl RuleError {
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match self {
            RuleError::NoComparison(t) => lang.pick(
                format!("「{t}」中没有比较符号（<=、<、>=、>、==）"),
                format!("`{t}` has no comparison (<=, <, >=, >, ==)"),
            ),
            RuleError::NotATerm(t) => lang.pick(
                format!("「{t}」既不是字段也不是数字"),
                format!("`{t}` is neither a field nor a number"),
            ),
            RuleError::EmptySide(t) => lang.pick(
                format!("「{t}」的一边是空的"),
                format!("`{t}` has an empty side"),
            ),
        }
    }
}

/// Parses `a + b - 3 <= c`.
pub fn parse_rule(text: &str) -> Result<(Vec<Term>, Comparison, Vec<Term>), RuleError> {
    let ops = [
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("==", Comparison::Eq),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
    ];
    let (pos, len, cmp) = ops
        .iter()
        .find_map(|(op, cmp)| text.find(op).map(|p| (p, op.len(), *cmp)))
        .ok_or_else(|| RuleError::NoComparison(text.to_string()))?;
    let side = |s: &str| -> Result<Vec<Term>, RuleError> {
        let mut terms = Vec::new();
        let mut negative = false;
        for token in tokens(s) {
            match token.as_str() {
                "+" => negative = false,
                "-" => negative = true,
                t => {
                    if let Ok(n) = t.parse::<f64>() {
                        terms.push(Term::Number(if negative { -n } else { n }));
                    } else if t
                        .chars()
                        .all(|ch| ch.is_alphanumeric() || ch == '_' || ch == '-')
                    {
                        terms.push(Term::Field {
                            code: t.into(),
                            negative,
                        });
                    } else {
                        return Err(RuleError::NotATerm(t.to_string()));
                    }
                    negative = false;
                }
            }
        }
        if terms.is_empty() {
            return Err(RuleError::EmptySide(text.to_string()));
        }
        Ok(terms)
    };
    Ok((side(&text[..pos])?, cmp, side(&text[pos + len..])?))
}
