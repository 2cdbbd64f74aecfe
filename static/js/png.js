// RGBA pixels as a PNG data URL, written here instead of by a canvas: an image of a few thousand
// pixels costs a canvas its fixed set-up, a read-back and a compression (about 0.5 ms), and a
// network draws a hundred of them after a keystroke; unfilled (stored) blocks of the raw rows
// cost a copy and two checksums. The file is larger (4 bytes a pixel), which an image of a few
// thousand pixels can afford.
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes, from, to) {
  let c = 0xffffffff;
  for (let i = from; i < to; i += 1) c = CRC[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
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
    let a = 1;
    let b = 0;
    for (let i = 0; i < raw; i += 1) {
      a += rows[i];
      if (a >= 65521) a -= 65521;
      b += a;
      if (b >= 65521) b -= 65521;
    }
    view.setUint32(q, ((b << 16) | a) >>> 0);
  });
  chunk("IEND", 0, () => {});
  let text = "";
  for (let i = 0; i < out.length; i += 0x8000) text += String.fromCharCode.apply(null, out.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(text)}`;
}
