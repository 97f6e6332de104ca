export * from "./regions.ts";
export * from "./orgs.ts";
export * from "./canteens.ts";
export * from "./cameras.ts";
export * from "./accounts.ts";
export * from "./audit.ts";
export * from "./inspections.ts";
export * from "./alerts.ts";
