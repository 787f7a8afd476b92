/**
 * Registers tfjs's gradient functions. tfjs-core ships them as ES modules that Node cannot
 * import directly (directory imports), and its CommonJS bundle leaves them out; the umbrella
 * package's Node bundle registers them on the same engine. Training code only: the app never
 * differentiates and does not bundle this.
 */
import '@tensorflow/tfjs';
