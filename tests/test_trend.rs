//! `assess trend`.
