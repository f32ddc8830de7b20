// The enumerations of the user-group API (from the update call's documentation).
export const CONSOLE_TYPES = ["COMMANDCENTER", "WEBCONSOLE", "COMMCELLCONSOLE", "API", "MOBILE"] as const;
export type ConsoleType = (typeof CONSOLE_TYPES)[number];

export const AUTH_SETTINGS = ["ON", "OFF", "DISABLED_AT_COMPANY"] as const;
export type AuthSetting = (typeof AUTH_SETTINGS)[number];

/** Operation types of users and the laptop plan: no OVERWRITE. */
export const ADD_DELETE = ["ADD", "DELETE"] as const;
/** Operation types of external groups, local groups and console types. */
export const ADD_DELETE_OVERWRITE = ["ADD", "DELETE", "OVERWRITE"] as const;
export type OperationType = (typeof ADD_DELETE_OVERWRITE)[number];
