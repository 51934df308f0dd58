import * as tf from "@tensorflow/tfjs-core";

// PROD silences backend_util.warn (the cpu backend's "Hi, looks like you are running TensorFlow.js
// in Node.js..." on stderr) and platform-override notices, so stderr carries only our messages. It
// is set on first import because a tensor made before an engine starts (loading a model's weights)
// already prints the banner. In tfjs-core 4.22 it gates nothing else: op argument and shape checks
// always run, and the NaN checks belong to the separate DEBUG flag (off by default).
tf.env().set("PROD", true);

/** TF.js core, the one import of it in this package (so that the flag above is always set first). */
export { tf };
