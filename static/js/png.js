// RGBA pixels as a PNG data URL, written here instead of by a canvas: an image of a few thousand
// pixels costs a canvas its fixed set-up, a read-back and a compression (about 0.5 ms), and a
// network draws a hundred of them after a keystroke; unfilled (stored) blocks of the raw rows
// cost a copy and two checksums (each a few bytes at a time), and base64. The file is larger (4 bytes a pixel), which an image of a few
// thousand pixels can afford.
// CRC-32 four bytes at a time ("slicing by 4": T[k][n] is the CRC of byte n followed by k zeros).
const T = [new Uint32Array(256)];
for (let n = 0; n < 256; n += 1) {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  T[0][n] = c >>> 0;
}
for (let k = 1; k < 4; k += 1) T[k] = T[k - 1].map((c) => (c >>> 8) ^ T[0][c & 0xff]);
const [T0, T1, T2, T3] = T;

function crc32(bytes, from, to) {
  let c = 0xffffffff;
  let i = from;
  for (; i + 4 <= to; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = T3[c & 0xff] ^ T2[(c >>> 8) & 0xff] ^ T1[(c >>> 16) & 0xff] ^ T0[c >>> 24];
  }
  for (; i < to; i += 1) c = T0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// Adler-32, the remainders taken every 2,048 bytes (the sums stay within 31 bits).
function adler32(bytes) {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length; ) {
    const end = Math.min(i + 2048, bytes.length);
    for (; i < end; i += 1) {
      a += bytes[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

// `pixels`: width * height * 4 bytes, row by row (as ImageData.data).
export function pngDataUrl(pixels, width, height) {
  const row = width * 4 + 1; // a filter byte (0: none), then the row
  const raw = row * height;
  const blocks = Math.max(1, Math.ceil(raw / 65535));
  const idat = 2 + raw + blocks * 5 + 4; // zlib header, stored blocks, Adler-32
  const out = new Uint8Array(8 + 25 + 12 + idat + 12);
  const view = new DataView(out.buffer);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const chunk = (type, length, fill) => {
    view.setUint32(at, length);
    for (let k = 0; k < 4; k += 1) out[at + 4 + k] = type.charCodeAt(k);
    fill(at + 8);
    view.setUint32(at + 8 + length, crc32(out, at + 4, at + 8 + length));
    at += 12 + length;
  };
  chunk("IHDR", 13, (p) => {
    view.setUint32(p, width);
    view.setUint32(p + 4, height);
    out.set([8, 6, 0, 0, 0], p + 8); // 8 bits, RGBA, deflate, no filter, no interlace
  });
  const rows = new Uint8Array(raw); // each row after its filter byte 0 (none)
  for (let y = 0; y < height; y += 1) rows.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * row + 1);
  chunk("IDAT", idat, (p) => {
    out[p] = 0x78; // zlib: deflate, 32K window, no preset dictionary
    out[p + 1] = 0x01;
    let q = p + 2;
    for (let k = 0; k < blocks; k += 1) {
      const n = Math.min(65535, raw - k * 65535);
      out[q] = k === blocks - 1 ? 1 : 0; // stored, and whether it is the last block
      view.setUint16(q + 1, n, true);
      view.setUint16(q + 3, ~n & 0xffff, true);
      out.set(rows.subarray(k * 65535, k * 65535 + n), q + 5);
      q += 5 + n;
    }
    view.setUint32(q, adler32(rows));
  });
  chunk("IEND", 0, () => {});
  return `data:image/png;base64,${base64(out)}`;
}

// Base64 written as ASCII bytes and read back as one string: a tenth of the time of building a
// binary string for btoa (String.fromCharCode over 20 KB an image).
const DIGITS = new TextEncoder().encode("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
const PAD = 61; // "="
const ascii = new TextDecoder();

function base64(bytes) {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[o] = DIGITS[v >>> 18];
    out[o + 1] = DIGITS[(v >>> 12) & 63];
    out[o + 2] = DIGITS[(v >>> 6) & 63];
    out[o + 3] = DIGITS[v & 63];
    o += 4;
  }
  if (i < n) {
    const two = i + 1 < n;
    const v = (bytes[i] << 16) | (two ? bytes[i + 1] << 8 : 0);
    out[o] = DIGITS[v >>> 18];
    out[o + 1] = DIGITS[(v >>> 12) & 63];
    out[o + 2] = two ? DIGITS[(v >>> 6) & 63] : PAD;
    out[o + 3] = PAD;
  }
  return ascii.decode(out);
}
