//! Sample submissions (being written).
