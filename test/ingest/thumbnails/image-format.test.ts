import { describe, expect, it } from 'vitest';
import { sniffImage } from '../../../src/ingest/thumbnails/image-format.ts';
import { solidPng } from '../../helpers/test-images.ts';

const bytes = (...parts: (number[] | string)[]): Uint8Array => new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('sniffImage: what an image is, from its bytes', () => {
  it('reads PNG sizes from IHDR', () => {
    expect(sniffImage(solidPng(33, 21))).toEqual({ contentType: 'image/png', width: 33, height: 21 });
  });

  it('reads JPEG sizes from the first start-of-frame, past other segments', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0];
    const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x02, 0x58, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
    expect(sniffImage(bytes([0xff, 0xd8], app0, sof0, [0xff, 0xd9]))).toEqual({ contentType: 'image/jpeg', width: 600, height: 300 });
  });

  it('reads GIF and the three kinds of WebP', () => {
    expect(sniffImage(bytes('GIF89a', [0x40, 0x01, 0xc8, 0x00], [0, 0, 0]))).toEqual({ contentType: 'image/gif', width: 320, height: 200 });
    const riff = (chunk: string, body: number[]): Uint8Array => bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body, new Array(16).fill(0));
    expect(sniffImage(riff('VP8X', [0, 0, 0, 0, 0x3f, 0x01, 0x00, 0xc7, 0x00, 0x00]))).toEqual({ contentType: 'image/webp', width: 320, height: 200 });
    expect(sniffImage(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xc8, 0x00]))).toEqual({ contentType: 'image/webp', width: 320, height: 200 });
    // VP8L: 14 bits width-1, 14 bits height-1
    const bits = (320 - 1) | ((200 - 1) << 14);
    expect(sniffImage(riff('VP8L', [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >> 24) & 0xff]))).toEqual({ contentType: 'image/webp', width: 320, height: 200 });
  });

  it('refuses what is not one of those images', () => {
    expect(sniffImage(bytes('<!doctype html><title>404</title>'))).toBeNull();
    expect(sniffImage(bytes('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'))).toBeNull();
    expect(sniffImage(bytes('%PDF-1.4\n'))).toBeNull();
    expect(sniffImage(solidPng(4, 4).subarray(0, 20))).toBeNull(); // cut before the size
    expect(sniffImage(bytes('GIF89a', [0, 0, 0, 0]))).toBeNull(); // 0 x 0
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });
});
