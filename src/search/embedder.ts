/**
 * Embedders turn papers and queries into vectors for semantic search. Three
 * kinds, chosen by PAPERBOY_EMBEDDER:
 *  - `builtin`  — learned from this instance's own corpus; no download (src/search/builtin/)
 *  - `onnx:DIR` — a local ONNX sentence-embedding model directory
 *  - `http:URL` — an OpenAI-compatible `/v1/embeddings` endpoint (Ollama, TEI, vLLM)
 *
 * Every vector an embedder returns is L2-normalised, so cosine similarity is a
 * dot product, and has exactly `dimensions` components.
 */
export interface EmbeddingInput {
  readonly title: string;
  readonly abstract: string;
}

export interface Embedder {
  /** identifies the model; vectors from different names are never compared */
  readonly name: string;
  readonly dimensions: number;
  embedDocuments(docs: readonly EmbeddingInput[]): Promise<Float32Array[]>;
  embedQuery(query: string): Promise<Float32Array>;
}

export function l2normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
