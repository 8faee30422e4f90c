//! Serialization of values AMD SMI reports as `"N/A"` when they are not available.
//!
//! A result struct says it once: `#[amdsmi_macros::na_fields]` (before its `derive`) gives every
//! `Option` and `[Option; N]` field [`not_available`]; fields with a special format name their own
//! helper ([`hex4`], [`hex2`], [`serial`], [`table`]).

use serde::{Serialize, Serializer};

/// Serializes `Some(v)` as `v` and `None` as the string `"N/A"`, as AMD SMI's Python layer does.
pub(crate) fn serialize<T: Serialize, S: Serializer>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => v.serialize(s),
        None => s.serialize_str("N/A"),
    }
}

/// `Some(id)` as `"0x1002"` (at least 4 hex digits), `None` as `"N/A"`.
pub(crate) fn hex4<S: Serializer>(value: &Option<u16>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(&format_args!("{v:#06x}")),
        None => s.serialize_str("N/A"),
    }
}

/// `Some(rev)` as `"0xc0"`, `None` as `"N/A"`.
pub(crate) fn hex2<S: Serializer>(value: &Option<u8>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(&format_args!("{v:#04x}")),
        None => s.serialize_str("N/A"),
    }
}

/// `Some(serial)` as `"0x946D7E1EF9B172DD"` (AMD SMI's asic_serial format), `None` as `"N/A"`.
pub(crate) fn serial<S: Serializer>(value: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.collect_str(&format_args!("0x{v:016X}")),
        None => s.serialize_str("N/A"),
    }
}

/// `[Some(1), None]` as `[1, "N/A"]`: each element as [`serialize`] writes it.
pub(crate) fn array<T: Serialize, S: Serializer, const N: usize>(
    values: &[Option<T>; N],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(values.iter().map(NaRef))
}

/// A table of `Option`s (rows of per-XCC values per XCP) with each `None` as `"N/A"`.
pub(crate) fn table<T: Serialize, S: Serializer>(rows: &[Vec<Option<T>>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().map(|row| NaRow(row)))
}

/// One table row serialized element by element with [`serialize`].
struct NaRow<'a, T>(&'a [Option<T>]);

impl<T: Serialize> Serialize for NaRow<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(NaRef))
    }
}

/// One `Option` serialized by [`serialize`].
struct NaRef<'a, T>(&'a Option<T>);

impl<T: Serialize> Serialize for NaRef<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(self.0, s)
    }
}

/// A value that may be "not available": an `Option` or an array of them.
pub(crate) trait NotAvailable {
    /// Serializes with `None` as `"N/A"` (element-wise for arrays).
    fn serialize_na<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error>;
}

impl<T: Serialize> NotAvailable for Option<T> {
    fn serialize_na<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize(self, s)
    }
}

impl<T: Serialize, const N: usize> NotAvailable for [Option<T>; N] {
    fn serialize_na<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        array(self, s)
    }
}

/// [`serialize`] for an `Option`, [`array`] for an array of them (one helper for generated structs).
pub(crate) fn not_available<V: NotAvailable, S: Serializer>(value: &V, s: S) -> Result<S::Ok, S::Error> {
    value.serialize_na(s)
}
