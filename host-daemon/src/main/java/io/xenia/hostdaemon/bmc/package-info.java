/**
 * Power and boot control through a machine's BMC: {@link io.xenia.hostdaemon.bmc.IpmiPower}
 * (ipmitool, lanplus) and {@link io.xenia.hostdaemon.bmc.RedfishPower} (HTTP + JSON), shared by the
 * qemu driver and the real-hardware ipmi/redfish drivers, and {@link
 * io.xenia.hostdaemon.bmc.BmcFacts} (what a Redfish BMC says the machine has). They only send
 * commands and read state; waiting for a state is the driver's business.
 */
package io.xenia.hostdaemon.bmc;
