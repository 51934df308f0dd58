import baseTestConfig from "@neurotranslator/vitest-config";
export default baseTestConfig;
