//! Fan control: manual duty (`pwm<N>_enable` 1, then `pwm<N>`) and back to the driver
//! (`pwm<N>_enable` 2).

use crate::error::{Error, Result, Status};
use crate::gpu::Gpu;

use super::{channel, line, Plan};

/// `pwm<N>_enable`: the fan is under manual (`pwm<N>`) control.
const PWM_MANUAL: u32 = 1;
/// `pwm<N>_enable`: the driver controls the fan.
const PWM_AUTO: u32 = 2;

impl Gpu<'_> {
    /// Sets fan `sensor_idx` (0-based) to duty `fan_speed`, 0 to [`Gpu::fan_speed_max`]
    /// (`pwm<N>_max`, 255): `pwm<N>_enable` to manual (1), then `pwm<N>`.
    ///
    /// INPUT_OUT_OF_BOUNDS above the maximum; NOT_SUPPORTED in a guest or without the files
    /// (RDNA4 has no `pwm1_enable`: its fan curve is in `gpu_od/fan_ctrl`).
    #[doc(alias = "amdsmi_set_gpu_fan_speed")]
    pub fn set_fan_speed(&self, sensor_idx: u32, fan_speed: u64) -> Result<()> {
        self.refuse_guest()?;
        let max = self.fan_speed_max(sensor_idx)?;
        if fan_speed > max {
            return Err(Error::new(Status::InputOutOfBounds).with_detail(format!("fan speed {fan_speed} above {max}")));
        }
        let (hwmon, n) = (self.device().hwmon_dir()?, channel(sensor_idx)?);
        let plan = Plan::one(hwmon.join(format!("pwm{n}_enable")), line(PWM_MANUAL))
            .then(hwmon.join(format!("pwm{n}")), line(fan_speed));
        self.apply(&plan)
    }

    /// Returns fan `sensor_idx` (0-based) to automatic driver control (`pwm<N>_enable` 2).
    #[doc(alias = "amdsmi_reset_gpu_fan")]
    pub fn reset_fan(&self, sensor_idx: u32) -> Result<()> {
        let (hwmon, n) = (self.device().hwmon_dir()?, channel(sensor_idx)?);
        self.apply(&Plan::one(hwmon.join(format!("pwm{n}_enable")), line(PWM_AUTO)))
    }
}
