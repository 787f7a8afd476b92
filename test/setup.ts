/**
 * Unit tests run on the tfjs `cpu` backend unless a test switches (golden parity also runs on
 * `wasm`). tfjs's advice to install tfjs-node is noise here: it cannot be installed offline.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll } from 'vitest';
import { useBackend } from '../src/engine/backends';

tf.env().set('IS_TEST', true);

beforeAll(async () => {
  if (tf.getBackend() !== 'cpu' && !(await useBackend('cpu')))
    throw new Error('cpu backend did not start');
});
