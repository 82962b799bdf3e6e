// The HJ 212 listener's state for the overview panel, through the listener's own ipc wrapper
// (one function, so a test or a later change swaps it in one place).
import { waterListenerStatus, type ListenerStatus } from "../../ipc/api";

export const fetchListenerStatus = (): Promise<ListenerStatus> => waterListenerStatus();
