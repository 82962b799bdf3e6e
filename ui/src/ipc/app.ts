// Start-up, first-run set-up and sign-in.
import { invoke } from "./core";
import type { AppStatus } from "./bindings/AppStatus";
import type { Session } from "./bindings/Session";
import type { SetupInput } from "./bindings/SetupInput";
import type { SignInInput } from "./bindings/SignInInput";

export type { AppStatus } from "./bindings/AppStatus";
export type { Jurisdiction } from "./bindings/Jurisdiction";
export type { Plant } from "./bindings/Plant";
export type { Role } from "./bindings/Role";
export type { Session } from "./bindings/Session";
export type { SetupInput } from "./bindings/SetupInput";
export type { SignInInput } from "./bindings/SignInInput";

export const appStatus = (): Promise<AppStatus> => invoke<AppStatus>("app_status");

export const setupPlant = (input: SetupInput): Promise<Session> => invoke<Session>("setup_plant", { input });

export const signIn = (input: SignInInput): Promise<Session> => invoke<Session>("sign_in", { input });

export const signOut = (): Promise<null> => invoke<null>("sign_out");
