//! Setters under random bad arguments (issue 16, item 4): on a writable copy of a machine, each
//! setter is called with hundreds of arguments outside what the GPU or CPU takes (past its
//! limits, out of order, beyond its levels or links, past every type's range), generated from a
//! fixed seed so that a failure repeats. Every call is refused with INVAL, and the machine's
//! tree is byte-identical afterwards: nothing is written before an argument is checked.

use amdsmi::*;

use crate::common::{self, tree};

/// A deterministic xorshift: the arguments of a run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value in `lo..=hi` (the whole range of `u64` allowed).
    fn within(&mut self, lo: u64, hi: u64) -> u64 {
        match (hi - lo).checked_add(1) {
            Some(span) => lo + self.next() % span,
            None => self.next(),
        }
    }

    /// A value above `limit`: just above it, or anywhere up to `max`, or `max` itself.
    fn above(&mut self, limit: u64, max: u64) -> u64 {
        match self.next() % 3 {
            0 => limit.saturating_add(1).min(max),
            1 => max,
            _ => self.within(limit.saturating_add(1).min(max), max),
        }
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// How many bad calls each setter gets.
const CASES: usize = 200;

/// Calls `call` with `CASES` generated bad arguments on a copy of `machine`: every result INVAL,
/// the tree unchanged.
fn refuses(machine: &str, name: &str, call: impl Fn(&Context, ProcessorHandle, &mut Rng) -> Result<()>) {
    refuses_with(machine, name, Status::Inval, call);
}

/// [`refuses`], with `want` as every call's status.
fn refuses_with(
    machine: &str,
    name: &str,
    want: Status,
    call: impl Fn(&Context, ProcessorHandle, &mut Rng) -> Result<()>,
) {
    let dir = common::copy_machine(machine);
    let ctx = Context::builder().root(dir.path()).flags(AmdSmiInitFlags::INIT_ALL_PROCESSORS).build().unwrap();
    let target = match name.contains("cpu") {
        true if name.contains("core") => ctx.cpucore_handles()[0],
        true => ctx.cpusocket_handles()[0],
        false => ctx.processor_handles()[0],
    };
    let before = tree(dir.path());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d ^ name.len() as u64);
    for case in 0..CASES {
        let result = call(&ctx, target, &mut rng);
        let status = result.as_ref().err().map(Error::status);
        assert_eq!(status, Some(want), "{machine} {name}, case {case}: {result:?}");
    }
    assert!(tree(dir.path()) == before, "{machine} {name}: the tree changed");
}

#[test]
fn gpu_setters_refuse_bad_arguments_and_write_nothing() {
    // rx6900xt: hwmon5 power1_cap_min 0 / _max 332000000 µW (one PPT), pp_dpm_sclk 3 levels,
    // pp_dpm_pcie 2 levels, one fan, pp_od_clk_voltage's OD_RANGE SCLK 500-3000 MHz, MCLK
    // 674-1075 MHz.
    let m = "rx6900xt";
    refuses(m, "power cap", |c, h, r| c.gpu(h)?.set_power_cap(0, r.above(332_000_000, u64::MAX)));
    // A sensor the GPU does not have (only power1_cap): NOT_SUPPORTED, as AMD SMI's
    // `rsmi_dev_power_cap_set` answers for a missing cap file.
    refuses_with(m, "power cap sensor", Status::NotSupported, |c, h, r| {
        c.gpu(h)?.set_power_cap(r.within(1, u64::from(u32::MAX)) as u32, r.within(0, 332_000_000))
    });
    refuses(m, "clk freq mask", |c, h, r| {
        let clk = r.pick(&[AmdSmiClkType::Sys, AmdSmiClkType::Mem, AmdSmiClkType::Soc, AmdSmiClkType::Df]);
        // No level, or a level past the table's (at most 16 levels on any table here).
        let mask = match r.next() % 2 {
            0 => 0,
            _ => r.within(1 << 16, u64::MAX),
        };
        c.gpu(h)?.set_clk_freq(clk, mask)
    });
    refuses(m, "pci bandwidth mask", |c, h, r| {
        let mask = match r.next() % 2 {
            0 => 0,
            _ => r.within(1 << 2, u64::MAX),
        };
        c.gpu(h)?.set_pci_bandwidth(mask)
    });
    refuses(m, "clk range", |c, h, r| {
        // Outside OD_RANGE SCLK 500-3000, or min above max.
        let (min, max) = match r.next() % 3 {
            0 => (r.within(0, 499), r.within(500, 3000)),
            1 => (r.within(500, 3000), r.above(3000, u64::MAX)),
            _ => {
                let max = r.within(500, 2999);
                (r.within(max + 1, 3000), max)
            }
        };
        c.gpu(h)?.set_clk_range(min, max, AmdSmiClkType::Sys)
    });
    refuses(m, "od clk info", |c, h, r| {
        let level = r.pick(&[AmdSmiFreqInd::Min, AmdSmiFreqInd::Max]);
        let mhz = match r.next() % 2 {
            0 => r.within(0, 499),
            _ => r.above(3000, u64::MAX),
        };
        c.gpu(h)?.set_od_clk_info(level, mhz, AmdSmiClkType::Sys)
    });
    refuses(m, "overdrive level", |c, h, r| c.gpu(h)?.set_overdrive_level(r.above(20, u64::from(u32::MAX)) as u32));
    // A duty above 255: INPUT_OUT_OF_BOUNDS, as `rsmi_dev_fan_speed_set` answers.
    refuses_with(m, "fan speed", Status::InputOutOfBounds, |c, h, r| {
        c.gpu(h)?.set_fan_speed(0, r.above(255, u64::MAX))
    });
    // A fan the GPU does not have (only pwm1): NOT_SUPPORTED, as for a missing power cap.
    refuses_with(m, "fan index", Status::NotSupported, |c, h, r| {
        c.gpu(h)?.set_fan_speed(r.within(1, u64::from(u32::MAX)) as u32, r.within(0, 255))
    });
    refuses(m, "perf determinism", |c, h, r| {
        let mhz = match r.next() % 2 {
            0 => r.within(0, 499),
            _ => r.above(3000, u64::MAX),
        };
        c.gpu(h)?.set_perf_determinism_mode(mhz)
    });
    // mi300x-cpx: 16 accelerator profiles, process isolation 0/1, soc_pstate and xgmi_plpd policy
    // lists (pm_policy/): ids past the lists.
    let m = "mi300x-cpx";
    refuses(m, "accelerator profile", |c, h, r| {
        c.gpu(h)?.set_accelerator_partition_profile(r.above(15, u64::from(u32::MAX)) as u32)
    });
    refuses(m, "process isolation", |c, h, r| c.gpu(h)?.set_process_isolation(r.above(1, u64::from(u32::MAX)) as u32));
    refuses(m, "soc pstate", |c, h, r| c.gpu(h)?.set_soc_pstate(r.above(3, u64::from(u32::MAX)) as u32));
    refuses(m, "xgmi plpd", |c, h, r| c.gpu(h)?.set_xgmi_plpd(r.above(2, u64::from(u32::MAX)) as u32));
}

#[test]
fn cpu_setters_refuse_bad_arguments_and_write_nothing() {
    // genoa-2s (HSMP protocol 5): power modes 0-3, xGMI and GMI3 widths 0-2 (min not above
    // max), APB DF P-states 0-3, 4 NBIOs with LCLK levels 0-3, PCIe rate control 0-2, DF
    // P-state range 0-2 (max not above min).
    let m = "genoa-2s";
    let width = |r: &mut Rng| match r.next() % 2 {
        0 => (r.above(2, 255) as u8, r.within(0, 255) as u8),
        _ => {
            let max = r.within(0, 1) as u8;
            (r.within(u64::from(max) + 1, 2) as u8, max)
        }
    };
    refuses(m, "cpu power efficiency mode", |c, h, r| c.cpu_socket(h)?.set_pwr_efficiency_mode(r.above(3, 255) as u8));
    refuses(m, "cpu xgmi width", |c, h, r| {
        let (min, max) = width(r);
        c.cpu_socket(h)?.set_xgmi_width(min, max)
    });
    refuses(m, "cpu gmi3 link width", |c, h, r| {
        let (min, max) = width(r);
        c.cpu_socket(h)?.set_gmi3_link_width_range(min, max)
    });
    refuses(m, "cpu apb disable", |c, h, r| c.cpu_socket(h)?.apb_disable(r.above(3, 255) as u8));
    refuses(m, "cpu lclk dpm level", |c, h, r| {
        let (nbio, min, max) = match r.next() % 3 {
            0 => (r.above(3, 255), r.within(0, 3), r.within(0, 3)),
            1 => (r.within(0, 3), r.above(3, 255), r.within(0, 255)),
            _ => {
                let max = r.within(0, 2);
                (r.within(0, 3), r.within(max + 1, 3), max)
            }
        };
        c.cpu_socket(h)?.set_lclk_dpm_level(nbio as u8, min as u8, max as u8)
    });
    refuses(m, "cpu pcie link rate", |c, h, r| c.cpu_socket(h)?.set_pcie_link_rate(r.above(2, 255) as u8).map(|_| ()));
    refuses(m, "cpu df pstate range", |c, h, r| {
        let (max, min) = match r.next() % 2 {
            0 => (r.above(2, 255) as u8, r.within(0, 255) as u8),
            _ => {
                let min = r.within(0, 1) as u8;
                (r.within(u64::from(min) + 1, 2) as u8, min)
            }
        };
        c.cpu_socket(h)?.set_df_pstate_range(max, min)
    });
}
