import { describe, expect, it } from "vitest";
import { arrayBytes, arrayFromBytes } from "./array-codec.ts";
import { canonicalJson, featureCacheKey } from "./cache-key.ts";
import { redactDatabaseUrl } from "./postgres-driver.ts";

describe("arrayBytes / arrayFromBytes", () => {
  it("views numeric data without copying and rebuilds it over the same buffer", () => {
    const data = Float64Array.from([1.5, -0, Number.NaN]);
    const bytes = arrayBytes({ dtype: "float64", shape: [3], data }, "x");
    expect(bytes.buffer).toBe(data.buffer);
    const back = arrayFromBytes("float64", [3], bytes.buffer as ArrayBuffer, "x");
    expect((back.data as Float64Array).buffer).toBe(data.buffer);
    expect(Object.is((back.data as Float64Array)[1], -0)).toBe(true);
  });

  it("keeps float16 widened to Float32Array, as NdArray holds it", () => {
    const back = arrayFromBytes("float16", [2], new Float32Array([0.5, 2]).buffer, "x");
    expect(back.data).toBeInstanceOf(Float32Array);
  });

  it("refuses bytes that do not fit the dtype and shape", () => {
    expect(() => arrayFromBytes("int32", [2, 2], new ArrayBuffer(12), "arr")).toThrow(
      "arr: 12 stored bytes do not fit dtype int32 and shape (2, 2)",
    );
  });
});

describe("featureCacheKey", () => {
  const base = {
    datasetHash: "a".repeat(64),
    model: { id: "m", source: "s" },
    layers: ["l1", "l2"],
    preparation: { size: 224, gray: "replicate" },
  };

  it("ignores key order but not layer order", () => {
    const reordered = {
      ...base,
      preparation: { gray: "replicate", size: 224 },
    };
    expect(featureCacheKey(reordered)).toBe(featureCacheKey(base));
    expect(featureCacheKey({ ...base, layers: ["l2", "l1"] })).not.toBe(featureCacheKey(base));
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });
});

describe("redactDatabaseUrl", () => {
  it("drops the password and keeps the rest", () => {
    expect(redactDatabaseUrl("postgres://nt:s3cret@db.example:5433/nt?sslmode=require")).toBe(
      "postgres://nt@db.example:5433/nt?sslmode=require",
    );
  });
});
