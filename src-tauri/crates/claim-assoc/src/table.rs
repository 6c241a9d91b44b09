//! The staff's work table: hundreds to 100,000 received claims, one page at
//! a time. Search, filters and order are one SQLite query (the indexes of
//! schema v4 serve the orders), so the window never holds the whole list
//! and a page costs the same at claim 10 as at claim 90,000.

use crate::desk::{row_of, AssocDesk, DeskError, ReceivedClaim, Review, COLUMNS};
use rusqlite::types::Value;

/// The most rows one page holds.
pub const MAX_PAGE: u32 = 500;

/// What the table is ordered by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortColumn {
    /// When the association received it (the default).
    #[default]
    Received,
    /// The amount claimed (claims without an amount last).
    Claimed,
    /// The business's name.
    Name,
    /// The shop's claim number.
    Number,
    /// The review status, in the order of the work (received → returned).
    Review,
}

impl SortColumn {
    pub fn from_code(code: &str) -> Option<SortColumn> {
        Some(match code {
            "received" => SortColumn::Received,
            "claimed" => SortColumn::Claimed,
            "name" => SortColumn::Name,
            "number" => SortColumn::Number,
            "review" => SortColumn::Review,
            _ => return None,
        })
    }

    /// The ORDER BY terms; `seq` last, so equal keys keep a stable order
    /// from one page to the next. Each is exactly an index of schema v5
    /// (after `superseded_by`), so a page is read in index order: unknown
    /// values (NULL) come first ascending and last descending, as SQLite
    /// orders them, because an index holds them so.
    fn order_by(self, descending: bool) -> String {
        let direction = if descending { "DESC" } else { "ASC" };
        let key = match self {
            SortColumn::Received => format!("received_at {direction}"),
            SortColumn::Claimed => format!("claimed {direction}"),
            SortColumn::Name => format!("business_name {direction}"),
            // The association's own number: unique, where the shops'
            // numbers repeat.
            SortColumn::Number => format!("intake_number {direction}"),
            SortColumn::Review => format!(
                "CASE review_status WHEN 'received' THEN 0 WHEN 'checked' THEN 1 \
                 WHEN 'forwarded' THEN 2 ELSE 3 END {direction}"
            ),
        };
        format!("{key}, seq {direction}")
    }
}

/// One page of the table: which claims, in what order, from where.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TableQuery {
    /// A business name, registration number (any hyphens) or claim number,
    /// or part of one.
    pub text: Option<String>,
    pub review: Option<Review>,
    /// `Some(true)`: only claims with errors; `Some(false)`: only without.
    pub errors: Option<bool>,
    /// `Some(true)`: only claims missing a required document.
    pub missing_documents: Option<bool>,
    pub region: Option<String>,
    pub industry: Option<String>,
    /// A service the claim names (`talk_channel`, …).
    pub service: Option<String>,
    /// Won, both ends included.
    pub claimed_at_least: Option<i64>,
    pub claimed_at_most: Option<i64>,
    /// Replaced claims too (else only each shop's current claim).
    pub all: bool,
    pub sort: SortColumn,
    pub descending: bool,
    pub offset: u64,
    /// Rows wanted, at most [`MAX_PAGE`] (0 reads as [`MAX_PAGE`]).
    pub limit: u32,
}

/// A page of the table and how many claims match in all.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TablePage {
    pub total: u64,
    pub offset: u64,
    pub rows: Vec<ReceivedClaim>,
}

/// `text` for a LIKE pattern that finds it anywhere, its wildcards taken
/// literally (a name with `%` finds that name, not everything).
fn anywhere(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The WHERE clause and its parameters for `query`.
fn conditions(query: &TableQuery) -> (String, Vec<Value>) {
    let mut terms: Vec<String> = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    let bind = |value: Value, values: &mut Vec<Value>| {
        values.push(value);
        format!("?{}", values.len())
    };
    if !query.all {
        terms.push("superseded_by IS NULL".into());
    }
    if let Some(text) = query
        .text
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let like = bind(Value::Text(anywhere(text)), &mut values);
        let mut either = vec![
            format!("business_name LIKE {like} ESCAPE '\\'"),
            format!("claim_number LIKE {like} ESCAPE '\\'"),
            format!("intake_number LIKE {like} ESCAPE '\\'"),
        ];
        // A registration number is matched on its digits (stored so).
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 3
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            let digits = bind(Value::Text(anywhere(&digits)), &mut values);
            either.push(format!("registration_number LIKE {digits} ESCAPE '\\'"));
        }
        terms.push(format!("({})", either.join(" OR ")));
    }
    if let Some(review) = query.review {
        let code = bind(Value::Text(review.code().into()), &mut values);
        terms.push(format!("review_status = {code}"));
    }
    match query.errors {
        Some(true) => terms.push("error_count > 0".into()),
        Some(false) => terms.push("error_count = 0".into()),
        None => {}
    }
    match query.missing_documents {
        Some(true) => terms.push("missing_evidence <> '[]'".into()),
        Some(false) => terms.push("missing_evidence = '[]'".into()),
        None => {}
    }
    if let Some(region) = &query.region {
        let region = bind(Value::Text(region.clone()), &mut values);
        terms.push(format!("region = {region}"));
    }
    if let Some(industry) = &query.industry {
        let industry = bind(Value::Text(industry.clone()), &mut values);
        terms.push(format!("industry = {industry}"));
    }
    if let Some(service) = &query.service {
        // `services` is JSON the desk wrote itself (serde_json, compact), so
        // the member is found as text; json_each cost a parse per row.
        let member = format!(
            "\"service\":{}",
            serde_json::to_string(service).unwrap_or_default()
        );
        let member = bind(Value::Text(member), &mut values);
        terms.push(format!("instr(services, {member}) > 0"));
    }
    if let Some(least) = query.claimed_at_least {
        let least = bind(Value::Integer(least), &mut values);
        terms.push(format!("claimed >= {least}"));
    }
    if let Some(most) = query.claimed_at_most {
        let most = bind(Value::Integer(most), &mut values);
        terms.push(format!("claimed <= {most}"));
    }
    let clause = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    (clause, values)
}

/// Up to this many matches, a page is made by finding them all in the
/// filter index and sorting them; beyond, by walking the order's index and
/// keeping the matches (they are dense enough to fill a page soon).
const FEW_MATCHES: u64 = 2_000;

impl AssocDesk {
    /// One page of the work table for `query`, with the number of claims
    /// that match in all.
    pub fn table(&self, query: &TableQuery) -> Result<TablePage, DeskError> {
        let (clause, mut values) = conditions(query);
        // Counted from `received_current_filter` alone (every column a
        // condition reads is in it).
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM received {clause}"),
            rusqlite::params_from_iter(values.iter()),
            |row| row.get(0),
        )?;
        let total = u64::try_from(total).unwrap_or(0);
        let limit = match query.limit {
            0 => MAX_PAGE,
            limit => limit.min(MAX_PAGE),
        };
        let offset = i64::try_from(query.offset).unwrap_or(i64::MAX);
        let order = query.sort.order_by(query.descending);
        // A few matches among many claims (a search): walking the order's
        // index would read every row to find them. Find them in the filter
        // index instead and sort those few.
        let from = if !clause.is_empty() && total <= FEW_MATCHES {
            format!("received WHERE rowid IN (SELECT rowid FROM received {clause})")
        } else {
            format!("received {clause}")
        };
        values.push(Value::Integer(i64::from(limit)));
        let limit_at = values.len();
        values.push(Value::Integer(offset));
        let offset_at = values.len();
        let mut statement = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM {from} ORDER BY {order} LIMIT ?{limit_at} OFFSET ?{offset_at}"
        ))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), row_of)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TablePage {
            total,
            offset: query.offset,
            rows,
        })
    }
}
