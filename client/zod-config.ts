import { z } from "zod";

// Imported first by main.tsx, before any contract module builds its schemas: zod's JIT probes
// `new Function` when an object schema is built, which the Content-Security-Policy (script-src 'self',
// no 'unsafe-eval') refuses and reports. jitless parsing needs no eval.
z.config({ jitless: true });
