// The HJ 212 listener of the online wastewater monitors (a background task of the app): its
// status (on/off, port, packets accepted and rejected by reason, the last packet) and "apply"
// after its settings (water_listener_enabled, water_listener_port) changed.
import { invoke } from "./core";
import type { ListenerStatus } from "./bindings/ListenerStatus";

/** The listener's status; `running: false` with the configured port when it is off. */
export const waterListenerStatus = (): Promise<ListenerStatus> => invoke<ListenerStatus>("water_listener_status");

/** Stops the listener and starts it again per the current settings; resolves to its status. */
export const waterListenerApply = (): Promise<ListenerStatus> => invoke<ListenerStatus>("water_listener_apply");
