/**
 * Stand-ins for the BMCs of bare-metal machines, whose "machines" are QEMU virtual machines: {@link
 * io.xenia.bmcsim.RedfishServer} (a small Redfish service written from the DMTF schema, since none
 * is packaged for Debian) and {@link io.xenia.bmcsim.IpmiSim} (OpenIPMI's ipmi_sim wired to QEMU's
 * ipmi-bmc-extern). host-daemon's drivers talk to them exactly as to real BMCs.
 */
package io.xenia.bmcsim;
