//! `assess explain`.
