//! The zero-copy view of a validated blob: typed accessors that look each field up in the
//! version's table ([`super::layout`]) and read it from the bytes on demand ([`Slot`]).

use super::layout::{Slot, Src, Table};
use super::v1_9::AttrIndex;
use super::{ApuField, MetricsHeader, XcpField};

/// A blob's bytes and attribute index, borrowed: what every accessor reads through.
#[derive(Clone, Copy, Debug)]
struct Core<'a> {
    bytes: &'a [u8],
    index: &'a AttrIndex,
}

impl Core<'_> {
    /// Where `src` is in this blob (`base` is added to fixed offsets: a partition's block).
    #[inline]
    fn slot(self, src: Src, base: usize) -> Option<Slot> {
        match src {
            Src::Absent => None,
            Src::At(loc) => loc.at(base),
            Src::Attr(tag) => super::v1_9::resolve(tag, self.bytes, self.index),
        }
    }

    /// The field's first value.
    #[inline]
    fn scalar<T: TryFrom<u64>>(self, src: Src, base: usize) -> Option<T> {
        T::try_from(self.slot(src, base)?.first(self.bytes)?).ok()
    }

    /// The field's values into `out`, in order, as far as both go; the rest of `out` is left
    /// alone (not available, as every field starts).
    #[inline]
    fn fill<T: TryFrom<u64>>(self, src: Src, base: usize, out: &mut [Option<T>]) {
        if let Some(slot) = self.slot(src, base) {
            slot.fill(self.bytes, out);
        }
    }
}

/// What [`super::parse`] learned about a blob: its header, its layout's table and, for v1.9, its
/// attribute index (empty for the other versions).
#[derive(Clone, Debug)]
pub(super) struct Shape {
    pub(super) header: MetricsHeader,
    pub(super) table: &'static Table,
    pub(super) index: AttrIndex,
}

/// A validated `gpu_metrics` blob, read in place ([`super::parse`], [`super::parse_owned`]).
///
/// Each accessor (named and documented like the [`super::GpuMetrics`] field it fills, same type
/// and units) is a table lookup and one bounds-checked read; arrays are read element by element
/// into the returned array. Per-partition values are under [`MetricsView::xcp`], APU values under
/// [`MetricsView::apu`]. `B` holds the bytes: `&[u8]` or `Vec<u8>`.
#[derive(Clone, Debug)]
pub struct MetricsView<B> {
    bytes: B,
    shape: Shape,
}

impl<B: AsRef<[u8]>> MetricsView<B> {
    /// `bytes` already cut to `shape.header.structure_size`.
    pub(super) fn new(bytes: B, shape: Shape) -> MetricsView<B> {
        MetricsView { bytes, shape }
    }

    /// The blob's header.
    pub fn header(&self) -> MetricsHeader {
        self.shape.header
    }

    /// The blob's bytes, cut to `structure_size`.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    fn core(&self) -> Core<'_> {
        Core { bytes: self.bytes.as_ref(), index: &self.shape.index }
    }

    fn src(&self, field: usize) -> Src {
        self.shape.table.fields.get(field).copied().unwrap_or(Src::Absent)
    }

    pub(super) fn scalar<T: TryFrom<u64>>(&self, field: usize) -> Option<T> {
        self.core().scalar(self.src(field), 0)
    }

    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        self.core().fill(self.src(field), 0, out);
    }

    /// How many partitions (XCPs) this layout has statistics for: 8 for v1.6 (1664-byte
    /// layout), v1.7 and v1.8; 1 for v1.3 (AMD SMI's `vcn_busy[0]`) and v1.9 (per-XCC arrays
    /// into partition 0); 0 otherwise. Partitions past it read as all "not available".
    pub fn partitions(&self) -> usize {
        self.shape.table.xcp.partitions
    }

    /// Partition `partition`'s (XCP's) statistics (`0..NUM_XCP`).
    pub fn xcp(&self, partition: usize) -> XcpView<'_> {
        let xcp = &self.shape.table.xcp;
        let base =
            (partition < xcp.partitions).then(|| partition.checked_mul(xcp.stride)?.checked_add(xcp.base)).flatten();
        XcpView { core: self.core(), fields: &xcp.fields, base }
    }

    /// The APU-only values (formats 2 and 3); `None` for the dGPU formats.
    pub fn apu(&self) -> Option<ApuView<'_>> {
        let fields = self.shape.table.apu.as_ref()?;
        Some(ApuView { core: self.core(), fields })
    }
}

/// One partition's (XCP's) statistics in a [`MetricsView`]; accessors as [`super::XcpMetrics`]'s
/// fields.
#[derive(Clone, Copy, Debug)]
pub struct XcpView<'a> {
    core: Core<'a>,
    fields: &'static [Src; XcpField::COUNT],
    /// Where the partition's block starts; `None` when the layout has no such partition.
    base: Option<usize>,
}

impl XcpView<'_> {
    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        if let (Some(base), Some(&src)) = (self.base, self.fields.get(field)) {
            self.core.fill(src, base, out);
        }
    }
}

/// The APU-only values in a [`MetricsView`]; accessors as [`super::ApuMetrics`]'s fields.
#[derive(Clone, Copy, Debug)]
pub struct ApuView<'a> {
    core: Core<'a>,
    fields: &'static [Src; ApuField::COUNT],
}

impl ApuView<'_> {
    fn src(&self, field: usize) -> Src {
        self.fields.get(field).copied().unwrap_or(Src::Absent)
    }

    pub(super) fn scalar<T: TryFrom<u64>>(&self, field: usize) -> Option<T> {
        self.core.scalar(self.src(field), 0)
    }

    pub(super) fn fill<T: TryFrom<u64>>(&self, field: usize, out: &mut [Option<T>]) {
        self.core.fill(self.src(field), 0, out);
    }
}
