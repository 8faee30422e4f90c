//! Tables as `amd-smi` draws them for people: the matrix tables of `topology` (a row and a
//! column per GPU), the link metric table of `xgmi` and the entry list of `ras --cper`. A command
//! lays a table out as lines of [`Cell`]s; this module draws them.

use serde::Serialize;

use super::human::text;

/// The width of a GPU column (a BDF and its separating spaces).
pub const COLUMN: usize = 13;

/// One cell of a line, with how it fills its column.
pub enum Cell {
    /// Left-aligned, padded to a width.
    Left(String, usize),
    /// Right-aligned, padded to a width.
    Right(String, usize),
    /// Left-aligned in a GPU column, and at least one space wider than its text.
    Wide(String),
    /// As is.
    Plain(String),
}

impl Cell {
    fn draw(&self, out: &mut String) {
        let drawn = match self {
            Cell::Left(text, width) => format!("{text:<width$}"),
            Cell::Right(text, width) => format!("{text:>width$}"),
            Cell::Wide(text) => format!("{text:<width$}", width = COLUMN.max(text.len() + 1)),
            Cell::Plain(text) => text.clone(),
        };
        out.push_str(&drawn);
    }
}

/// A line of cells, and a newline.
pub fn line(cells: &[Cell]) -> String {
    let mut out = String::new();
    for cell in cells {
        cell.draw(&mut out);
    }
    out + "\n"
}

/// A line of cells without the spaces after its last text, and a newline.
pub fn trimmed_line(cells: &[Cell]) -> String {
    let drawn = line(cells);
    drawn.trim_end().to_owned() + "\n"
}

/// A matrix table: `TITLE:`, a header of the column labels (right-aligned in GPU columns after a
/// 12-column margin), then per row its label and, left-aligned in GPU columns, the `key` field
/// of each of its records (as [`text`] writes it).
pub fn matrix<T: Serialize>(title: &str, columns: &[String], rows: &[(String, Vec<T>)], key: &str) -> String {
    let mut header = vec![Cell::Plain(" ".repeat(12))];
    header.extend(columns.iter().map(|c| Cell::Right(c.clone(), COLUMN)));
    let mut out = format!("{title}:\n") + &line(&header);
    for (label, records) in rows {
        let mut cells = vec![Cell::Plain(format!("{label} "))];
        for record in records {
            let value = serde_json::to_value(record).ok();
            let field = value.as_ref().and_then(|v| v.get(key)).map(text).unwrap_or_default();
            cells.push(Cell::Left(field, COLUMN));
        }
        out.push_str(&trimmed_line(&cells));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_and_matrix() {
        let cells = [Cell::Left("a".into(), 3), Cell::Right("b".into(), 3), Cell::Wide("c".repeat(13))];
        assert_eq!(line(&cells), "a    bccccccccccccc \n");
        assert_eq!(trimmed_line(&cells), "a    bccccccccccccc\n");
        let rows = vec![("0000:01:00.0".to_owned(), vec![serde_json::json!({"hops": 0}), serde_json::json!({})])];
        assert_eq!(
            matrix("HOPS TABLE", &["0000:01:00.0".into(), "0000:02:00.0".into()], &rows, "hops"),
            "HOPS TABLE:\n             0000:01:00.0 0000:02:00.0\n0000:01:00.0 0\n"
        );
    }
}
