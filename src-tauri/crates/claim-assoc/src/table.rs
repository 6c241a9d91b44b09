//! The staff's work table: hundreds to a million received claims, one page
//! at a time. Search, filters and order are one query of the store's (its
//! indexes serve the orders), so the window never holds the whole list and
//! a page costs the same at claim 10 as at claim 900,000. What a query
//! means is written here once; each store says it in its SQL
//! ([`Dialect`]).

use crate::desk::{Desk, DeskError, ReceivedClaim, Review, Store};

/// The SQL a store speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A value a query binds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound {
    Text(String),
    Integer(i64),
}

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
    /// from one page to the next. Each is exactly an index of the store's,
    /// so a page is read in index order: unknown values (NULL) come first
    /// ascending and last descending, as SQLite orders them (PostgreSQL is
    /// told so), and text in the order of its code points.
    pub fn order_by(self, descending: bool, dialect: Dialect) -> String {
        let direction = if descending { "DESC" } else { "ASC" };
        let (collate, nulls) = match dialect {
            Dialect::Sqlite => ("", ""),
            Dialect::Postgres if descending => (" COLLATE \"C\"", " NULLS LAST"),
            Dialect::Postgres => (" COLLATE \"C\"", " NULLS FIRST"),
        };
        let key = match self {
            SortColumn::Received => format!("received_at{collate} {direction}"),
            SortColumn::Claimed => format!("claimed {direction}{nulls}"),
            SortColumn::Name => format!("business_name{collate} {direction}{nulls}"),
            // The association's own number: unique, where the shops'
            // numbers repeat.
            SortColumn::Number => format!("intake_number{collate} {direction}{nulls}"),
            SortColumn::Review => format!(
                "(CASE review_status WHEN 'received' THEN 0 WHEN 'checked' THEN 1 \
                 WHEN 'forwarded' THEN 2 ELSE 3 END) {direction}"
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
    /// `total` is the store's estimate, not a count: a store may estimate
    /// a total too large to count at every page (tens of thousands of
    /// matches); a page of fewer rows than asked is then the last.
    pub estimated: bool,
    pub offset: u64,
    pub rows: Vec<ReceivedClaim>,
}

/// Matches a store may estimate rather than count.
pub const COUNTED_UP_TO: u64 = 10_000;

/// `text` for a LIKE pattern that finds it anywhere, its wildcards taken
/// literally (a name with `%` finds that name, not everything).
pub fn anywhere(text: &str) -> String {
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

/// The WHERE clause and its parameters for `query`, in `dialect`.
pub fn conditions(query: &TableQuery, dialect: Dialect) -> (String, Vec<Bound>) {
    let mut terms: Vec<String> = Vec::new();
    let mut values: Vec<Bound> = Vec::new();
    let bind = |value: Bound, values: &mut Vec<Bound>| {
        values.push(value);
        match dialect {
            Dialect::Sqlite => format!("?{}", values.len()),
            Dialect::Postgres => format!("${}", values.len()),
        }
    };
    // SQLite's LIKE ignores the case of Latin letters; PostgreSQL's ILIKE.
    let like_op = match dialect {
        Dialect::Sqlite => "LIKE",
        Dialect::Postgres => "ILIKE",
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
        let like = bind(Bound::Text(anywhere(text)), &mut values);
        let mut either = vec![
            format!("business_name {like_op} {like} ESCAPE '\\'"),
            format!("claim_number {like_op} {like} ESCAPE '\\'"),
            format!("intake_number {like_op} {like} ESCAPE '\\'"),
        ];
        // A registration number is matched on its digits (stored so).
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.len() >= 3
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        {
            let digits = bind(Bound::Text(anywhere(&digits)), &mut values);
            either.push(format!(
                "registration_number {like_op} {digits} ESCAPE '\\'"
            ));
        }
        terms.push(format!("({})", either.join(" OR ")));
    }
    if let Some(review) = query.review {
        let code = bind(Bound::Text(review.code().into()), &mut values);
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
        let region = bind(Bound::Text(region.clone()), &mut values);
        terms.push(format!("region = {region}"));
    }
    if let Some(industry) = &query.industry {
        let industry = bind(Bound::Text(industry.clone()), &mut values);
        terms.push(format!("industry = {industry}"));
    }
    if let Some(service) = &query.service {
        // `services` is JSON the desk wrote itself (serde_json, compact), so
        // the member is found as text; json_each cost a parse per row.
        let member = format!(
            "\"service\":{}",
            serde_json::to_string(service).unwrap_or_default()
        );
        let member = bind(Bound::Text(member), &mut values);
        terms.push(match dialect {
            Dialect::Sqlite => format!("instr(services, {member}) > 0"),
            Dialect::Postgres => format!("strpos(services, {member}) > 0"),
        });
    }
    if let Some(least) = query.claimed_at_least {
        let least = bind(Bound::Integer(least), &mut values);
        terms.push(format!("claimed >= {least}"));
    }
    if let Some(most) = query.claimed_at_most {
        let most = bind(Bound::Integer(most), &mut values);
        terms.push(format!("claimed <= {most}"));
    }
    let clause = if terms.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", terms.join(" AND "))
    };
    (clause, values)
}

impl<S: Store> Desk<S> {
    /// One page of the work table for `query`, with the number of claims
    /// that match in all.
    pub fn table(&self, query: &TableQuery) -> Result<TablePage, DeskError> {
        self.store.begin()?.table(query)
    }
}

/// The rows a page holds for `query` (0 reads as [`MAX_PAGE`]).
pub fn page_size(query: &TableQuery) -> u32 {
    match query.limit {
        0 => MAX_PAGE,
        limit => limit.min(MAX_PAGE),
    }
}
