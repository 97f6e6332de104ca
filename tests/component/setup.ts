import "@testing-library/jest-dom/vitest";
import { configure } from "@solidjs/testing-library";

// findBy…/waitFor wait for an element or a condition, not a fixed time: the first render of a lazily loaded page
// (the live room's chunk) took over the default 1 s on a loaded 2-core machine, so they wait up to 5 s
configure({ asyncUtilTimeout: 5000 });
