// Imported first by main.tsx: zod decides at schema construction whether to compile parsers with
// `new Function`. The API's Content-Security-Policy forbids eval, so the probe alone would log a
// CSP violation in the browser console; jitless mode never tries.
import { config } from "zod";

config({ jitless: true });
