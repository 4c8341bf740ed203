//! A problem found in a consultation file, and how to turn byte offsets into line:column.

use std::fmt;

/// One problem in a consultation file. `line` and `column` are 1-based; the column counts
/// characters, not bytes, so it matches what an editor shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    /// `FILE:LINE:COLUMN: message`, the form `assent validate` prints.
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{self}")
    }
}

/// `LINE:COLUMN: message`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Where each line of the source starts, to convert byte offsets to line and column.
pub(super) struct LineIndex {
    source: String,
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(source: &str) -> Self {
        let newlines = source.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            source: source.to_owned(),
            line_starts: std::iter::once(0).chain(newlines).collect(),
        }
    }

    /// 1-based line and column of a byte offset (clamped to the source).
    pub(super) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self
            .source
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line.max(1), column + 1)
    }

    pub(super) fn text(&self, span: std::ops::Range<usize>) -> Option<&str> {
        self.source.get(span)
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        self.position(offset).0
    }
}
