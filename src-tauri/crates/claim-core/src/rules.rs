//! The rules of spec §3–§6 over a parsed [`Claim`]: the incident window, the
//! claim period, the baseline, the totals, and every cross-field check.
//!
//! Invariants: money is summed with checked arithmetic only; every problem is
//! collected (nothing returns early on the first); a value that could not be
//! computed is `None`, never a guess.

use crate::brn::{BrnError, RegistrationNumber};
use crate::calendar;
use crate::claim::{Business, Claim, Given, IncidentInput, SalesRow};
use crate::codes::{BaselineMethod, EvidenceKind, Vocabulary};
use crate::dates::{days_before, days_between, inclusive_days};
use crate::incident::{self, Compensation, DateRange, Window, BASE_EVIDENCE};
use crate::money::{Won, MAX_WON};
use crate::path::{Path, Segment};
use crate::problem::{Issue, Problem};
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{HashMap, HashSet};

/// Longest incident window the spec accepts (31 × 24 hours).
const MAX_INCIDENT_HOURS: i64 = 31 * 24;
/// Longest claim period, counting both ends.
const MAX_PERIOD_DAYS: i64 = 31;
/// `average_weeks` default N.
const DEFAULT_AVERAGE_WEEKS: u8 = 4;
/// Without a reference range, `best_week` looks this many days before the period.
const DEFAULT_REFERENCE_DAYS: i64 = 42;

/// Everything the rules found and computed for one claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    /// Errors and warnings, in the order of the claim's sections.
    pub problems: Vec<Problem>,
    pub totals: Totals,
    /// One row per day of the period; empty when the period is unknown.
    pub days: Vec<DayRow>,
    /// Present only for incidents with a compensation scale.
    pub compensation: Option<Compensation>,
    /// The incident window in force, when known.
    pub window: Option<Window>,
    /// The claim period in force, when known.
    pub period: Option<DateRange>,
    /// The baseline method in force, when known.
    pub method: Option<BaselineMethod>,
    /// For `best_week`: the week whose total is the baseline.
    pub best_week: Option<DateRange>,
}

impl Assessment {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.code().is_error())
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub baseline: Option<Won>,
    pub actual: Option<Won>,
    pub sales_drop: Option<Won>,
    pub lost_orders: Option<Won>,
    pub extra_costs: Option<Won>,
    pub revenue_loss: Option<Won>,
    pub claimed: Option<Won>,
    pub profit_loss_estimate: Option<Won>,
    pub drop_rate_bp: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRow {
    pub date: NaiveDate,
    pub holiday: bool,
    pub actual: Option<Won>,
    pub baseline: Option<Won>,
    /// `baseline − actual`: negative on a day that sold more than its baseline.
    pub drop: Option<Won>,
}

pub fn evaluate(claim: &Claim) -> Assessment {
    let mut found = Findings::default();
    check_business(&claim.business, &mut found);

    let window = resolve_window(&claim.incident, &mut found);
    let own_outage_known = check_own_outage(&claim.incident, &mut found);
    // The incident's compensation rule (spec §3.1), if it has one.
    let rule = claim
        .incident
        .preset
        .valid()
        .and_then(|incident| incident.compensation.as_ref());
    let period = resolve_period(claim, window, &mut found);
    let sales = SalesBook::new(&claim.daily_sales, &mut found);
    let sales_present = !claim.daily_sales.is_empty();
    let method = claim
        .baseline
        .method
        .or_default_value(BaselineMethod::PriorWeek);

    let mut days: Vec<DayRow> = period
        .map(|range| {
            days_between(range.from, range.to)
                .map(|date| DayRow {
                    date,
                    holiday: calendar::is_holiday(date),
                    actual: sales.get(date),
                    baseline: None,
                    drop: None,
                })
                .collect()
        })
        .unwrap_or_default();
    for day in &days {
        found.compared(day.date);
    }

    let mut best_week = None;
    let mut baseline_total = None;
    let mut actual_total = None;
    if let (true, Some(range)) = (sales_present, period) {
        for day in days.iter().filter(|day| day.actual.is_none()) {
            found.push(
                Path::field("daily_sales"),
                Issue::SalesMissing { day: day.date },
            );
        }
        actual_total = sum_all(days.iter().map(|day| day.actual));
        let incident_dates = window.map(|w| w.local_dates());
        match method {
            Some(BaselineMethod::PriorWeek) => {
                prior_week(&mut days, &sales, incident_dates, &mut found);
                baseline_total = sum_all(days.iter().map(|day| day.baseline));
            }
            Some(BaselineMethod::AverageWeeks) => {
                if let Some(weeks) = claim.baseline.weeks.or_default_value(DEFAULT_AVERAGE_WEEKS) {
                    average_weeks(&mut days, weeks, &sales, incident_dates, &mut found);
                    baseline_total = sum_all(days.iter().map(|day| day.baseline));
                }
            }
            Some(BaselineMethod::BestWeek) => {
                if let Some((week, total)) = reference_range(claim, range)
                    .and_then(|reference| best_week_of(range, reference, &sales, &mut found))
                {
                    best_week = Some(week);
                    baseline_total = Some(total);
                }
            }
            None => {}
        }
        for day in &mut days {
            day.drop = match (day.baseline, day.actual) {
                (Some(baseline), Some(actual)) => baseline.checked_sub(actual),
                _ => None,
            };
        }
    }
    if found.outside_calendar {
        found.push(Path::field("baseline"), Issue::CalendarRange);
    }

    let sales_drop = match (baseline_total, actual_total) {
        (Some(baseline), Some(actual)) => {
            baseline.checked_sub(actual).map(|drop| drop.max(Won::ZERO))
        }
        _ => None,
    };
    let drop_rate_bp = match (sales_drop, baseline_total) {
        (Some(drop), Some(baseline)) if baseline > Won::ZERO => drop
            .checked_mul_div_floor(10_000, baseline.get())
            .map(Won::get),
        _ => None,
    };

    let lost_orders_total = check_lost_orders(claim, window, &mut found);
    let extra_costs_total = list_total(
        claim.extra_costs.iter().map(|cost| cost.amount),
        "extra_costs",
        &mut found,
    );

    let revenue_loss = if sales_present {
        sales_drop
    } else {
        lost_orders_total
    };
    let claimed = match (revenue_loss, extra_costs_total) {
        (Some(loss), Some(costs)) => loss.checked_add(costs),
        _ => None,
    };
    let profit_loss_estimate = match (revenue_loss, claim.margin_bp) {
        (Some(loss), Some(margin)) => loss.checked_mul_div_floor(i64::from(margin), 10_000),
        _ => None,
    };

    if sales_present {
        if let (Some(orders), Some(drop)) = (lost_orders_total, sales_drop) {
            if orders > drop {
                found.push(
                    Path::field("lost_orders"),
                    Issue::OrdersExceedDrop { orders, drop },
                );
            }
        }
        if sales_drop == Some(Won::ZERO) {
            found.push(Path::field("daily_sales"), Issue::NoDrop);
        }
    } else if !claim.lost_orders.is_empty() {
        found.push(Path::field("daily_sales"), Issue::NoSalesData);
    } else if claim.extra_costs.is_empty()
        && !matches!(rule, Some(incident::CompensationRule::DaysOut(_)))
    {
        // Under a days-out rule the payment does not depend on the loss, so
        // a claim with nothing but the shop's outage is still a claim.
        found.push(Path::field("daily_sales"), Issue::NothingClaimed);
    }
    if claim.affected_services.is_empty() {
        found.push(Path::field("affected_services"), Issue::ServicesEmpty);
    }
    check_evidence(claim, &mut found);

    let effective_window = window.filter(|_| own_outage_known);
    let compensation = rule.map(|rule| {
        let days = effective_window.and_then(|w| incident::days_out(w.start, w.end));
        rule.apply(revenue_loss, days)
    });

    Assessment {
        problems: found.into_sorted(),
        totals: Totals {
            baseline: baseline_total,
            actual: actual_total,
            sales_drop,
            lost_orders: lost_orders_total,
            extra_costs: extra_costs_total,
            revenue_loss,
            claimed,
            profit_loss_estimate,
            drop_rate_bp,
        },
        days,
        compensation,
        window,
        period,
        method,
        best_week,
    }
}

/// Problems as they are found, plus whether any day looked at lies outside
/// the holiday calendar's years.
#[derive(Default)]
struct Findings {
    problems: Vec<Problem>,
    outside_calendar: bool,
}

impl Findings {
    fn push(&mut self, path: Path, issue: Issue) {
        self.problems.push(Problem::new(path, issue));
    }

    /// Notes a period or comparison day (for `W_CALENDAR_RANGE`).
    fn compared(&mut self, date: NaiveDate) {
        if !calendar::covers(date) {
            self.outside_calendar = true;
        }
    }

    fn into_sorted(self) -> Vec<Problem> {
        let mut problems = self.problems;
        sort_problems(&mut problems);
        problems
    }
}

/// The claim's section order, so a report reads top to bottom like the form.
const SECTION_ORDER: &[&str] = &[
    "id",
    "business",
    "incident",
    "period",
    "baseline",
    "affected_services",
    "daily_sales",
    "lost_orders",
    "extra_costs",
    "margin_bp",
    "narrative",
    "evidence",
];

/// Gives a daily sales row's amount problem the row's date (when it has
/// one), so its message names the day and not the row.
pub(crate) fn name_sales_days(claim: &Claim, problems: &mut [Problem]) {
    for problem in problems.iter_mut() {
        let is_amount = matches!(
            problem.path.segments(),
            [
                Segment::Key("daily_sales"),
                Segment::Index(_),
                Segment::Key("amount")
            ]
        );
        if !is_amount {
            continue;
        }
        let index = problem.path.first_index();
        problem.day = claim
            .daily_sales
            .iter()
            .find(|row| Some(row.index) == index)
            .and_then(|row| row.date);
    }
}

/// Orders problems by section, then by list row; the sort is stable, so
/// problems of one row keep the order in which they were found.
pub fn sort_problems(problems: &mut [Problem]) {
    problems.sort_by_key(|problem| {
        let section = problem
            .path
            .section()
            .and_then(|section| SECTION_ORDER.iter().position(|s| *s == section))
            .unwrap_or(SECTION_ORDER.len());
        (
            section,
            problem.path.first_index().map_or(0, |index| index + 1),
        )
    });
}

fn check_business(business: &Business, found: &mut Findings) {
    let at = Path::field("business");
    if let Some(number) = &business.registration_number {
        match RegistrationNumber::parse(number) {
            Ok(_) => {}
            Err(BrnError::Format) => found.push(at.key("registration_number"), Issue::BrnFormat),
            Err(BrnError::Checksum) => {
                found.push(at.key("registration_number"), Issue::BrnChecksum)
            }
        }
    }
    if let Some(phone) = &business.phone {
        if !is_phone_number(phone) {
            found.push(at.key("phone"), Issue::PhoneFormat);
        }
    }
    if let Some(email) = &business.email {
        if !is_email_address(email) {
            found.push(at.key("email"), Issue::EmailFormat);
        }
    }
    if let Some(bank) = &business.bank {
        let at = at.key("bank");
        // In the form's order: the number, then its holder.
        if let Some(account) = non_blank(bank.account.as_deref()) {
            if let Some(issue) = account_number_issue(account) {
                found.push(at.key("account"), issue);
            }
        }
        if let Some(holder) = non_blank(bank.holder.as_deref()) {
            let owners: Vec<&str> = [business.representative.as_deref(), business.name.as_deref()]
                .into_iter()
                .filter_map(non_blank)
                .collect();
            if !owners.is_empty() && !is_holder_one_of(holder, &owners) {
                found.push(at.key("holder"), Issue::BankHolder);
            }
        }
    }
}

fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|text| !text.trim().is_empty())
}

/// The company marks spec §6 removes before names are compared (longest
/// first, so `(주)` goes before a bare `주` could ever matter).
const COMPANY_MARKS: [&str; 5] = ["주식회사", "유한회사", "(주)", "(유)", "㈜"];

/// A name as spec §6 compares it: without whitespace and company marks.
fn holder_key(name: &str) -> String {
    let mut key: String = name.chars().filter(|ch| !ch.is_whitespace()).collect();
    for mark in COMPANY_MARKS {
        key = key.replace(mark, "");
    }
    key
}

/// Whether the account holder is one of `owners` (the representative, the
/// business name), compared as [`holder_key`] writes them (spec §6,
/// `W_BANK_HOLDER`).
fn is_holder_one_of(holder: &str, owners: &[&str]) -> bool {
    let holder = holder_key(holder);
    owners.iter().any(|owner| holder_key(owner) == holder)
}

/// Spec §6, `W_BANK_ACCOUNT_FORMAT`: anything but ASCII digits, hyphens
/// and spaces, or fewer than 10 or more than 14 digits.
fn account_number_issue(account: &str) -> Option<Issue> {
    let digits = account.chars().filter(char::is_ascii_digit).count();
    let other_characters = account
        .chars()
        .any(|ch| !(ch.is_ascii_digit() || ch == '-' || ch == ' '));
    (other_characters || !(10..=14).contains(&digits)).then_some(Issue::BankAccountFormat {
        digits,
        other_characters,
    })
}

/// 9–11 digits starting with 0 once hyphens, spaces and parentheses are removed.
pub fn is_phone_number(text: &str) -> bool {
    let mut digits = 0usize;
    for (i, ch) in text
        .chars()
        .filter(|ch| !matches!(ch, '-' | ' ' | '(' | ')'))
        .enumerate()
    {
        if !ch.is_ascii_digit() || (i == 0 && ch != '0') {
            return false;
        }
        digits += 1;
    }
    (9..=11).contains(&digits)
}

/// `local@domain` with a dot inside the domain, and no spaces.
pub fn is_email_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

fn resolve_window(input: &IncidentInput, found: &mut Findings) -> Option<Window> {
    let (start, end) = match input.preset {
        Given::Valid(incident) => (
            input.start.or_default_value(incident.start)?,
            input.end.or_default_value(incident.end)?,
        ),
        Given::Absent | Given::Invalid => (input.start.valid()?, input.end.valid()?),
    };
    if end <= start {
        found.push(Path::field("incident"), Issue::IncidentEndNotAfterStart);
        return None;
    }
    if end - start > Duration::hours(MAX_INCIDENT_HOURS) {
        found.push(Path::field("incident"), Issue::IncidentTooLong);
        return None;
    }
    Some(Window { start, end })
}

/// Spec §3.1: the shop's own outage (`incident.start`/`incident.end` beside
/// a preset) must lie within the preset's window; one error per end that
/// reaches outside. Returns whether the effective window is known as far
/// as this check goes (the compensation rule needs it).
fn check_own_outage(input: &IncidentInput, found: &mut Findings) -> bool {
    let Given::Valid(incident) = input.preset else {
        return true;
    };
    let mut inside = true;
    if let Given::Valid(start) = input.start {
        if start < incident.start {
            found.push(
                Path::field("incident").key("start"),
                Issue::OwnOutageBeforeIncident {
                    start: incident.start,
                },
            );
            inside = false;
        }
    }
    if let Given::Valid(end) = input.end {
        if end > incident.end {
            found.push(
                Path::field("incident").key("end"),
                Issue::OwnOutageAfterIncident { end: incident.end },
            );
            inside = false;
        }
    }
    inside
}

fn resolve_period(
    claim: &Claim,
    window: Option<Window>,
    found: &mut Findings,
) -> Option<DateRange> {
    let incident = &claim.incident;
    let range = match claim.period {
        Given::Valid(range) => range,
        Given::Invalid => return None,
        Given::Absent => match incident.preset {
            // The incident's own period only while its window is untouched.
            Given::Valid(known) if incident.start.is_absent() && incident.end.is_absent() => {
                known.default_period
            }
            _ => window?.local_dates(),
        },
    };
    let at = Path::field("period");
    if range.to < range.from {
        found.push(at, Issue::PeriodReversed);
        return None;
    }
    let days = inclusive_days(range.from, range.to);
    if days > MAX_PERIOD_DAYS {
        found.push(at, Issue::PeriodTooLong { days });
        return None;
    }
    if let Some(window) = window {
        let incident = window.local_dates();
        if range.to < incident.from || incident.to < range.from {
            found.push(at, Issue::PeriodOutsideIncident);
            return None;
        }
    }
    Some(range)
}

/// Daily sales by date: the first row of a date counts, repeats are reported.
struct SalesBook {
    by_date: HashMap<NaiveDate, Option<Won>>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl SalesBook {
    fn new(rows: &[SalesRow], found: &mut Findings) -> Self {
        let mut by_date = HashMap::with_capacity(rows.len());
        let mut first_index = HashMap::with_capacity(rows.len());
        for row in rows {
            let Some(date) = row.date else { continue };
            if let Some(first) = first_index.get(&date) {
                found.push(
                    Path::field("daily_sales").index(row.index).key("date"),
                    Issue::SalesDuplicateDate {
                        date,
                        first_index: *first,
                    },
                );
                continue;
            }
            first_index.insert(date, row.index);
            // A row with a bad amount stays here as "no sales known" so that a
            // later row of the same date is still reported as a repeat.
            by_date.insert(date, row.amount);
        }
        let first = by_date
            .iter()
            .filter(|(_, a)| a.is_some())
            .map(|(d, _)| *d)
            .min();
        let last = by_date
            .iter()
            .filter(|(_, a)| a.is_some())
            .map(|(d, _)| *d)
            .max();
        SalesBook {
            by_date,
            first,
            last,
        }
    }

    /// `A(D)`: the sales of `date`, if a valid row gives them.
    fn get(&self, date: NaiveDate) -> Option<Won> {
        self.by_date.get(&date).copied().flatten()
    }
}

/// `Some(sum)` only if every value is known (and the sum does not overflow).
fn sum_all(mut values: impl Iterator<Item = Option<Won>>) -> Option<Won> {
    values.try_fold(Won::ZERO, |total, value| total.checked_add(value?))
}

fn prior_week(
    days: &mut [DayRow],
    sales: &SalesBook,
    incident: Option<DateRange>,
    found: &mut Findings,
) {
    for day in days {
        let Some(prior) = days_before(day.date, 7) else {
            continue;
        };
        found.compared(prior);
        day.baseline = sales.get(prior);
        if day.baseline.is_none() {
            found.push(
                Path::field("daily_sales"),
                Issue::PriorWeekMissing {
                    day: day.date,
                    prior,
                },
            );
        }
        let holiday = match (calendar::holiday_on(day.date), calendar::holiday_on(prior)) {
            (Some(holiday), None) | (None, Some(holiday)) => Some(holiday),
            _ => None,
        };
        if let Some(holiday) = holiday {
            found.push(
                Path::field("baseline"),
                Issue::BaselineHoliday {
                    day: day.date,
                    compared: prior,
                    holiday,
                },
            );
        }
        if incident.is_some_and(|dates| dates.contains(prior)) {
            found.push(
                Path::field("baseline"),
                Issue::BaselineInIncident {
                    day: day.date,
                    compared: prior,
                },
            );
        }
    }
}

fn average_weeks(
    days: &mut [DayRow],
    weeks: u8,
    sales: &SalesBook,
    incident: Option<DateRange>,
    found: &mut Findings,
) {
    for day in days {
        let mut kept = Vec::with_capacity(usize::from(weeks));
        for k in 1..=i64::from(weeks) {
            let Some(candidate) = days_before(day.date, 7 * k) else {
                continue;
            };
            found.compared(candidate);
            let usable = !calendar::is_holiday(candidate)
                && !incident.is_some_and(|dates| dates.contains(candidate));
            if let (true, Some(amount)) = (usable, sales.get(candidate)) {
                kept.push(amount);
            }
        }
        // Amounts are 0 ..= MAX_WON, so integer division is the floor of the mean.
        day.baseline = Won::checked_sum(kept.iter().copied()).and_then(|sum| {
            let count = i64::try_from(kept.len()).ok().filter(|count| *count > 0)?;
            Some(Won::new(sum.get() / count))
        });
        if day.baseline.is_none() {
            found.push(
                Path::field("daily_sales"),
                Issue::AverageMissing {
                    day: day.date,
                    weeks,
                },
            );
        }
    }
}

/// Where `best_week` looks: the claim's `baseline.reference`, else the
/// incident's, else the 42 days before the period; `None` if the claim's own
/// reference is invalid.
fn reference_range(claim: &Claim, period: DateRange) -> Option<DateRange> {
    match claim.baseline.reference {
        Given::Valid(reference) => Some(reference),
        Given::Invalid => None,
        Given::Absent => Some(
            claim
                .incident
                .preset
                .valid()
                .and_then(|incident| incident.best_week_reference)
                .unwrap_or_else(|| default_reference(period)),
        ),
    }
}

/// A date whose sales the claim needs: a day of the period, or a day its
/// baseline method compares with. What the sales grid shows, in date order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SalesDate {
    pub date: NaiveDate,
    pub in_period: bool,
    pub holiday: Option<&'static calendar::Holiday>,
}

/// Every date whose sales `claim` (as assessed) needs, for its period and
/// its baseline method; empty while the period is unknown.
pub fn sales_dates(claim: &Claim, assessment: &Assessment) -> Vec<SalesDate> {
    let Some(period) = assessment.period else {
        return Vec::new();
    };
    let mut compared: Vec<NaiveDate> = Vec::new();
    match assessment.method {
        Some(BaselineMethod::PriorWeek) => {
            compared.extend(days_between(period.from, period.to).filter_map(|d| days_before(d, 7)));
        }
        Some(BaselineMethod::AverageWeeks) => {
            if let Some(weeks) = claim.baseline.weeks.or_default_value(DEFAULT_AVERAGE_WEEKS) {
                for day in days_between(period.from, period.to) {
                    compared.extend((1..=i64::from(weeks)).filter_map(|k| days_before(day, 7 * k)));
                }
            }
        }
        Some(BaselineMethod::BestWeek) => {
            if let Some(reference) = reference_range(claim, period) {
                compared.extend(days_between(reference.from, reference.to));
            }
        }
        None => {}
    }
    let mut dates: Vec<NaiveDate> = days_between(period.from, period.to)
        .chain(compared)
        .collect();
    dates.sort_unstable();
    dates.dedup();
    dates
        .into_iter()
        .map(|date| SalesDate {
            date,
            in_period: period.contains(date),
            holiday: calendar::holiday_on(date),
        })
        .collect()
}

/// The 42 days before the period.
fn default_reference(period: DateRange) -> DateRange {
    DateRange {
        from: days_before(period.from, DEFAULT_REFERENCE_DAYS).unwrap_or(period.from),
        to: days_before(period.from, 1).unwrap_or(period.from),
    }
}

/// Kakao's rule: the largest total among the complete 7-day weeks of the
/// reference range that start on the period's first weekday.
fn best_week_of(
    period: DateRange,
    reference: DateRange,
    sales: &SalesBook,
    found: &mut Findings,
) -> Option<(DateRange, Won)> {
    let days = inclusive_days(period.from, period.to);
    if days != 7 {
        found.push(Path::field("period"), Issue::MethodPeriod { days });
        return None;
    }
    found.compared(reference.from);
    found.compared(reference.to);
    let weekday = period.from.weekday();
    // Only weeks that can have sales on all 7 days are worth looking at, so a
    // huge reference range costs no more than the sales data does.
    let scan_from = reference.from.max(sales.first.unwrap_or(reference.from));
    let scan_to = reference.to.min(sales.last.unwrap_or(reference.to));
    let mut best: Option<(DateRange, Won)> = None;
    let mut start = scan_from;
    while start.weekday() != weekday {
        start = start.succ_opt()?;
    }
    while let Some(end) = start.checked_add_signed(Duration::days(6)) {
        if end > scan_to {
            break;
        }
        if let Some(total) = sum_all(days_between(start, end).map(|day| sales.get(day))) {
            if best.is_none_or(|(_, best_total)| total > best_total) {
                best = Some((
                    DateRange {
                        from: start,
                        to: end,
                    },
                    total,
                ));
            }
        }
        let Some(next) = start.checked_add_signed(Duration::days(7)) else {
            break;
        };
        start = next;
    }
    if best.is_none() {
        found.push(
            Path::field("baseline").key("reference"),
            Issue::BestWeekMissing {
                from: reference.from,
                to: reference.to,
                start_weekday: period.from,
            },
        );
    }
    best
}

fn check_lost_orders(claim: &Claim, window: Option<Window>, found: &mut Findings) -> Option<Won> {
    let at = Path::field("lost_orders");
    let mut first_with_ref: HashMap<&str, usize> = HashMap::new();
    for order in &claim.lost_orders {
        if let (Some(instant), Some(window)) = (order.at, window) {
            if !window.contains(instant) {
                found.push(
                    at.index(order.index).key("at"),
                    Issue::OrderOutsideIncident {
                        start: window.start,
                        end: window.end,
                    },
                );
            }
        }
        if let Some(reference) = order.reference.as_deref() {
            match first_with_ref.get(reference) {
                Some(first) => found.push(
                    at.index(order.index).key("ref"),
                    Issue::OrderDuplicateRef {
                        first_index: *first,
                    },
                ),
                None => {
                    first_with_ref.insert(reference, order.index);
                }
            }
        }
    }
    list_total(
        claim.lost_orders.iter().map(|order| order.amount),
        "lost_orders",
        found,
    )
}

/// The sum of a list's valid amounts; above 1,000억원 it is `E_AMOUNT_INVALID`
/// at the list and unknown.
fn list_total(
    amounts: impl Iterator<Item = Option<Won>>,
    list: &'static str,
    found: &mut Findings,
) -> Option<Won> {
    let total = Won::checked_sum(amounts.flatten()).filter(|total| total.get() <= MAX_WON);
    if total.is_none() {
        found.push(Path::field(list), Issue::SumTooLarge);
    }
    total
}

/// The evidence kinds `claim` should carry, in vocabulary order: what its
/// incident's definition lists, or the usual two for a custom outage.
pub fn required_evidence(claim: &Claim) -> Vec<EvidenceKind> {
    evidence_required_for(claim.incident.preset.valid())
}

/// The evidence kinds a claim for `incident` should carry, in vocabulary
/// order: what its definition lists (spec §6), or for a custom or unknown
/// incident the usual two.
pub fn evidence_required_for(incident: Option<&incident::Incident>) -> Vec<EvidenceKind> {
    let asked = incident.map_or(BASE_EVIDENCE, |incident| incident.required_evidence);
    EvidenceKind::ALL
        .iter()
        .copied()
        .filter(|kind| asked.contains(kind))
        .collect()
}

fn check_evidence(claim: &Claim, found: &mut Findings) {
    let attached: HashSet<EvidenceKind> = claim.evidence.iter().filter_map(|e| e.kind).collect();
    for kind in required_evidence(claim) {
        if !attached.contains(&kind) {
            found.push(Path::field("evidence"), Issue::EvidenceMissing(kind));
        }
    }
}
