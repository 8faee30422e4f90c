//! `amd-smi partition`: the CURRENT_PARTITION, MEMORY_PARTITION and ACCELERATOR_PARTITION_*
//! tables of AMD SMI 7.0. `-a` reads the profiles by selecting each through `xcp_config`, so it
//! runs on copies of the machines.

use serde_json::{json, Value};

use crate::common::{self, machine};
use crate::{amd_smi, stdout};

/// mi300x-cpx GPU 0's device directory.
const MI300X_GPU0: &str = "sys/devices/pci0000:00/0000:00:01.1/0000:05:00.0";

#[test]
fn current_and_memory_tables_on_mi300x_cpx() {
    // 0000:05:00.0 (GPU 0, partition 0) and 0000:05:00.1 (GPU 1, partition 1):
    // current_compute_partition `CPX` (index 3 of supported_xcp_configs `SPX, DPX, QPX, CPX`),
    // current_memory_partition `NPS1`, available_memory_partition `NPS1, NPS4`.
    let root = machine("mi300x-cpx");
    assert_eq!(
        stdout(&root, &["partition", "-c", "-m", "-g", "0", "1"]),
        "CURRENT_PARTITION:\n\
         GPU_ID  MEMORY  ACCELERATOR_TYPE  ACCELERATOR_PROFILE_INDEX  PARTITION_ID  \n\
         0       NPS1    CPX               3                          0\n\
         1       NPS1    CPX               3                          1\n\
         \n\
         MEMORY_PARTITION:\n\
         GPU_ID  MEMORY_PARTITION_CAPS  CURRENT_MEMORY_PARTITION  \n\
         0       NPS1,NPS4              NPS1\n\
         1       NPS1,NPS4              NPS1\n"
    );
    let doc: Value = serde_json::from_str(&stdout(&root, &["partition", "--memory", "-g", "1", "--json"])).unwrap();
    assert_eq!(
        doc,
        json!({"memory_partition": [{"gpu_id": 1, "memory_partition_caps": "NPS1,NPS4", "current_memory_partition": "NPS1"}]})
    );
}

#[test]
fn csv_is_one_table_per_section() {
    // The same two GPUs as above: each table its own CSV table, the JSON rows' keys as columns.
    let text =
        stdout(&machine("mi300x-cpx"), &["partition", "-c", "-m", "-g", "0", "1", "--csv"]).replace("\r\n", "\n");
    assert_eq!(
        text,
        "gpu_id,memory,accelerator_type,accelerator_profile_index,partition_id\n0,NPS1,CPX,3,0\n1,NPS1,CPX,3,1\n\n\
         gpu_id,memory_partition_caps,current_memory_partition\n0,\"NPS1,NPS4\",NPS1\n1,\"NPS1,NPS4\",NPS1\n\n"
    );
}

#[test]
fn accelerator_profiles_on_a_copy_of_mi300x_cpx() {
    // compute_partition_config/: supported_xcp_configs `SPX, DPX, QPX, CPX`,
    // supported_nps_configs `NPS1, NPS4`, xcc 1/1, dec 1/2, dma 2/1, jpeg 1/2 (num_inst/num_shared);
    // CPX on 8 XCDs (gpu_metrics) has 8 partitions.
    let dir = common::copy_machine("mi300x-cpx");
    let text = stdout(dir.path(), &["partition", "-a", "-g", "0"]);
    let lines: Vec<&str> = text.lines().collect();
    // AMD's title of this table starts with a blank line, also when it is the first.
    assert_eq!(lines[..2], ["", "ACCELERATOR_PARTITION_PROFILES:"]);
    assert_eq!(
        lines[3],
        "0       0              NPS1,NPS4              SPX               N/A              1               4              \
         0               XCC            1                   1"
    );
    assert_eq!(lines[4].trim_start(), "1               DECODER        1                   2");
    assert_eq!(
        lines[15],
        "        3              NPS1,NPS4              CPX*              0                8               4              \
         12              XCC            1                   1"
    );
    assert!(text.ends_with("\nACCELERATOR_PARTITION_RESOURCES:\nRESOURCE_INDEX  RESOURCE_TYPE  RESOURCE_INSTANCES  RESOURCES_SHARED  \n0               XCC            1                   1\n1               DECODER        1                   2\n2               DMA            2                   1\n3               JPEG           1                   2\n4               XCC            1                   1\n5               DECODER        1                   2\n6               DMA            2                   1\n7               JPEG           1                   2\n8               XCC            1                   1\n9               DECODER        1                   2\n10              DMA            2                   1\n11              JPEG           1                   2\n12              XCC            1                   1\n13              DECODER        1                   2\n14              DMA            2                   1\n15              JPEG           1                   2\n\n\nLegend:\n  * = Current mode\n"), "{text}");
    // The profile walk leaves the selection as it found it.
    let selector = dir.path().join(MI300X_GPU0).join("compute_partition_config/xcp_config");
    assert_eq!(std::fs::read_to_string(selector).unwrap(), "CPX\n");
    let doc: Value = serde_json::from_str(&stdout(dir.path(), &["partition", "-a", "-g", "1", "--json"])).unwrap();
    let profiles = doc["partition_profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 16);
    assert_eq!(profiles[12]["accelerator_type"], "CPX*");
    assert_eq!(profiles[12]["partition_id"], "1");
    assert_eq!(profiles[12]["num_partitions"], 8);
    assert_eq!(profiles[13]["gpu_id"], "");
    assert_eq!(profiles[13]["resource_type"], "DECODER");
    assert_eq!(
        doc["partition_resources"][15],
        json!({"resource_index": 15, "resource_type": "JPEG", "resource_instances": 1, "resources_shared": 2})
    );
    assert!(doc.get("current_partition").is_none());
}

#[test]
fn partition_without_partitions() {
    // mi210-xgmi 0000:03:00.0 (GPU 0): current_compute_partition `SPX`, no memory partition files,
    // no compute_partition_config/. rx6900xt: none of them.
    let dir = common::copy_machine("mi210-xgmi");
    let doc: Value = serde_json::from_str(&stdout(dir.path(), &["partition", "-g", "0", "--json"])).unwrap();
    assert_eq!(
        doc["current_partition"],
        json!([{"gpu_id": 0, "memory": "N/A", "accelerator_type": "SPX", "accelerator_profile_index": "N/A", "partition_id": "0"}])
    );
    assert_eq!(doc["partition_profiles"][0]["accelerator_type"], "N/A");
    assert_eq!(doc["partition_profiles"][0]["partition_id"], "0");
    assert_eq!(
        doc["partition_resources"],
        json!([{"resource_index": "N/A", "resource_type": "N/A", "resource_instances": "N/A", "resources_shared": "N/A"}])
    );
    let text = stdout(&machine("rx6900xt"), &["partition", "-c"]);
    assert_eq!(
        text,
        "CURRENT_PARTITION:\nGPU_ID  MEMORY  ACCELERATOR_TYPE  ACCELERATOR_PROFILE_INDEX  PARTITION_ID  \n\
         0       N/A     N/A               N/A                        N/A\n"
    );
    let out = amd_smi(&machine("rx6900xt"), &["partition", "-x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}
