/** The run's timeline: seek, markers for significant events (placeholder until built). */
export function Timeline() {
  return null;
}
