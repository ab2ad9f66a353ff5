import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/search/embedder.ts';
import type { SemanticSide } from '../../src/search/search-service.ts';
import { SemanticFollower } from '../../src/search/semantic-follower.ts';
import { openVectorIndex } from '../../src/search/vector/ivf-index.ts';
import type { VectorIndex } from '../../src/search/vector/vector-index.ts';
import { openStore, type Store } from '../../src/store/store.ts';

const DIM = 8;

function sideOf(model: string): SemanticSide {
  const v = new Float32Array(DIM).fill(1 / Math.sqrt(DIM));
  const embedder: Embedder = { name: model, dimensions: DIM, embedDocuments: async (d) => d.map(() => v), embedQuery: async () => v };
  return { embedder, vectorModel: model };
}

/** Stores `model` as the vectors' model, the way another process's reindex would (its own index). */
function storeVectorsOf(store: Store, model: string): void {
  const theirs = openVectorIndex(store);
  theirs.prepare(model, DIM);
  theirs.upsert([{ rowid: 1, vector: new Float32Array(DIM).fill(1 / Math.sqrt(DIM)) }]);
}

describe('SemanticFollower', () => {
  let store: Store;
  let vectors: VectorIndex;
  beforeEach(async () => {
    store = await openStore(':memory:');
    vectors = openVectorIndex(store);
  });
  afterEach(async () => store.close());

  it('answers with its side while the stored vectors are its model', () => {
    storeVectorsOf(store, 'a');
    const a = sideOf('a');
    expect(new SemanticFollower(vectors, a).ready()).toBe(a);
  });

  it('answers by words while it loads the stored model, then switches to it', async () => {
    storeVectorsOf(store, 'a');
    let loads = 0;
    let stored = 'a';
    const follower = new SemanticFollower(vectors, sideOf('a'), { load: async () => (loads++, sideOf(stored)) });
    const generation = follower.generation;
    stored = 'b';
    storeVectorsOf(store, 'b');
    expect(follower.ready()).toBeNull();
    expect(follower.ready()).toBeNull(); // one load at a time, not one per search
    await follower.settled();
    expect(loads).toBe(1);
    expect(follower.ready()?.vectorModel).toBe('b');
    expect(follower.generation).not.toBe(generation); // cached answers made with 'a' are stale
  });

  it('tries a stored model it cannot load once, not at every search', async () => {
    storeVectorsOf(store, 'other-embedder');
    let loads = 0;
    const follower = new SemanticFollower(vectors, sideOf('a'), { load: async () => (loads++, sideOf('a')) });
    for (let i = 0; i < 5; i++) {
      expect(follower.ready()).toBeNull();
      await follower.settled();
    }
    expect(loads).toBe(1);
    storeVectorsOf(store, 'a'); // the vectors came back to a model it has
    expect(follower.ready()?.vectorModel).toBe('a');
  });

  it('does not switch to a loaded side when the store moved on while it loaded', async () => {
    storeVectorsOf(store, 'b');
    const follower = new SemanticFollower(vectors, null, {
      load: async () => {
        storeVectorsOf(store, 'c'); // a reindex finished meanwhile
        return sideOf('b');
      },
    });
    expect(follower.ready()).toBeNull();
    await follower.settled();
    expect(follower.generation).toBe(0);
    expect(follower.ready()).toBeNull(); // and starts loading 'c'
    await follower.settled();
  });

  it('without a way to load, a changed model means words only', () => {
    storeVectorsOf(store, 'b');
    expect(new SemanticFollower(vectors, sideOf('a')).ready()).toBeNull();
  });
});
