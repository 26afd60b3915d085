export * from "./auth";
export * from "./tenants";
export * from "./passwords";
export * from "./throttle";
export * from "./audit";
export * from "./sso";
export * from "./staff";
export * from "./invitations";
