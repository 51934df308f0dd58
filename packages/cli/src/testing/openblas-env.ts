// Vitest set-up (tests only): services tested in-process get the OpenBLAS kernels `main` chooses at start-up.
import { configureOpenBlas } from "../env.ts";

configureOpenBlas();
