/** Tour mode: narration and Next / Back (placeholder until built). */
export function TourPanel() {
  return null;
}
