//! This module provides serialization functions. Currently contains only markdown serialization.
//!

mod md;
