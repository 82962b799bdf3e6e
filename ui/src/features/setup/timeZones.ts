// The IANA zones offered in the set-up forms' time-zone lists (the core checks the one typed).
export const TIME_ZONES: string[] =
  typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["Asia/Shanghai"];
