//! `check --format json`: the summary and every diagnostic as one JSON document, for programs.

use super::summary::Summary;
use crate::error::Diagnostic;

/// `check --format json`: the summary and every diagnostic, for programs.
pub fn to_json(summary: &Summary, diagnostics: &[Diagnostic]) -> String {
    let diagnostics: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "path": d.path,
                "line": d.location.map(|l| l.line),
                "column": d.location.map(|l| l.column),
                "severity": d.severity.to_string(),
                "message": d.message,
                "help": d.help,
            })
        })
        .collect();
    let document = serde_json::json!({
        "summary": {
            "articles": summary.articles,
            "feeds_read": summary.feeds_read,
            "feed_items": summary.feed_items,
            "feed_items_rejected": summary.items_rejected,
            "skipped_without_front_matter": summary.no_front_matter,
            "skipped_not_articles": summary.not_articles,
            "rejected": summary.rejected,
            "warnings": summary.warnings,
        },
        "diagnostics": diagnostics,
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}
