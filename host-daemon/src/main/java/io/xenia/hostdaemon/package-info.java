/**
 * host-daemon: runs beside a host operator's machines; enrolls with the broker, advertises machines
 * into search-dht, admits and provisions sessions through drivers (fake, netns, qemu, ipmi,
 * redfish), meters usage, wipes machines and converges from any state.
 *
 * <p>Built by issue 4. The broker and billing never import this module: they talk to the daemon
 * over its versioned wire API.
 */
package io.xenia.hostdaemon;
