// pg-boss's internal Manager class (no types of its own): settle-jobs.ts wraps two of its methods.
declare module "pg-boss/src/manager.js" {
  const Manager: { prototype: object };
  export default Manager;
}
