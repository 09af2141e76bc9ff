import { BASICS_SCENARIOS } from "./basics";
import { LIBRARY_SCENARIOS as LESSONS } from "./lessons";

export const LIBRARY_SCENARIOS = [...BASICS_SCENARIOS, ...LESSONS];
