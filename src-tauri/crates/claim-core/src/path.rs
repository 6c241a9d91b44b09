//! Where a problem is: `business.registration_number`, `daily_sales[3].amount`.
//!
//! Paths are the stable half of a problem (with its code); messages may change
//! wording, paths may not. Segments are `'static` because every key a path can
//! name is a field of the spec.

use serde::{Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(&'static str),
    Index(usize),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<Segment>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }

    /// A top-level field, e.g. `Path::field("period")`.
    pub fn field(key: &'static str) -> Self {
        Path(vec![Segment::Key(key)])
    }

    pub fn key(&self, key: &'static str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key));
        Path(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Path(segments)
    }

    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// The first key, which names the claim section the path lies in.
    pub fn section(&self) -> Option<&'static str> {
        match self.0.first() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }

    /// The first list index in the path (`3` for `lost_orders[3].at`).
    pub fn first_index(&self) -> Option<usize> {
        self.0.iter().find_map(|segment| match segment {
            Segment::Index(i) => Some(*i),
            Segment::Key(_) => None,
        })
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

impl Serialize for Path {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_keys_and_indexes_like_the_spec() {
        let path = Path::field("lost_orders").index(3).key("at");
        assert_eq!(path.to_string(), "lost_orders[3].at");
        assert_eq!(path.section(), Some("lost_orders"));
        assert_eq!(path.first_index(), Some(3));
        assert_eq!(
            Path::field("business")
                .key("registration_number")
                .to_string(),
            "business.registration_number"
        );
    }
}
