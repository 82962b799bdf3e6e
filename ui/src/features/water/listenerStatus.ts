// The HJ 212 listener's state for the overview panel. The listener's own ipc wrapper
// (`waterListenerStatus`) arrives with the listener work; until then this one call stands in,
// behind one function so the swap is a one-line change.
import { invoke } from "../../ipc/core";
import type { ListenerStatus } from "../../ipc/api";

export const fetchListenerStatus = (): Promise<ListenerStatus> => invoke<ListenerStatus>("water_listener_status");
