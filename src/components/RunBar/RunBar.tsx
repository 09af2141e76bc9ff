/** Scenario library, sharing, import and export (placeholder until built). */
export function RunBar() {
  return null;
}
