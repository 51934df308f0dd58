import base from "@neurotranslator/eslint-config";
export default base;
