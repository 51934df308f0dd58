export type { LinalgBackend } from "./backend.ts";
export { selectLinalgBackend, availableLinalgBackends } from "./select.ts";
export type { LinalgPreference, SelectLinalgOptions } from "./select.ts";
export { createNativeBackend, loadNativeAddon, nativeInstallHint } from "./native/index.ts";
export type { NativeBackendOptions } from "./native/index.ts";
export { createJsBackend } from "./js/index.ts";
