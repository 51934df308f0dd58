export declare const PYTHON: string;
export declare function inCi(): boolean;
export declare function isRequired(name: "NATIVE" | "PYTHON"): boolean;
export declare function prerequisite(
  name: "NATIVE" | "PYTHON",
  missing: string | undefined,
): string | undefined;
export declare function pythonMissing(modules: string[]): string | undefined;
export declare function pythonPrerequisite(modules: string[]): string | undefined;
export declare function describeUnless(skipNote: string | undefined, name: string, body: () => void): void;
export declare function postgresSkipNote(): string | undefined;
