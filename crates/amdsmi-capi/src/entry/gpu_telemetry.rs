//! GPU telemetry: metrics, power, clocks, temperatures, fans, memory, PCIe, overdrive.
