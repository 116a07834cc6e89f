//! What `assess explain` prints: one unit's result, indicator by indicator.
