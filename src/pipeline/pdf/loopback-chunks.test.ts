import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passOperatorChunksWithoutCloning } from './loopback-chunks.ts';

describe('passOperatorChunksWithoutCloning', () => {
  passOperatorChunksWithoutCloning();

  it('copies an operator chunk’s two arrays and shares its arguments', () => {
    const path = new Float32Array([1, 2, 3]);
    const fnArray = [91];
    const argsArray: unknown[] = [[0, [path], new Float32Array(4)]];
    const message = {
      sourceName: 'a',
      targetName: 'b',
      stream: 4,
      streamId: 1,
      chunk: { fnArray, argsArray, length: 1 },
    };
    const passed = structuredClone(message);
    // The evaluator empties its arrays right after sending (OperatorList.flush).
    fnArray.length = 0;
    argsArray.length = 0;
    assert.deepEqual(passed.chunk.fnArray, [91]);
    assert.equal(passed.chunk.argsArray.length, 1);
    assert.equal((passed.chunk.argsArray[0] as [number, Float32Array[]])[1][0], path);
  });

  it('still deep-clones every other message', () => {
    const inner = { n: 1 };
    const copy = structuredClone({ stream: 1, chunk: inner });
    assert.notEqual(copy.chunk, inner);
    assert.deepEqual(copy.chunk, inner);
    const date = new Date(0);
    assert.notEqual(structuredClone(date), date);
  });
});
