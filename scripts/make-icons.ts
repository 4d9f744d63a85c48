/**
 * Draws the Teams app icons into manifest/: `color.png` (192×192, teal tile with a white document)
 * and `outline.png` (32×32, the same document in white on transparency, as Teams requires).
 * Run with `npx tsx scripts/make-icons.ts`; the PNGs are committed, so this only runs when the design changes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgba = readonly [number, number, number, number];
/** Colour of the artwork at a point (u, v) in [0, 1]², or null where it is empty. */
type Shader = (u: number, v: number) => Rgba | null;

const TEAL: Rgba = [15, 118, 110, 255]; // #0F766E, also the manifest's accentColor
const WHITE: Rgba = [255, 255, 255, 255];
/** Sub-samples per axis: edges get 16 levels of coverage, enough for smooth curves at 32 px. */
const SUPERSAMPLE = 4;

function insideRoundedRect(u: number, v: number, x0: number, y0: number, x1: number, y1: number, r: number): boolean {
  if (u < x0 || u > x1 || v < y0 || v > y1) return false;
  const cx = Math.min(Math.max(u, x0 + r), x1 - r);
  const cy = Math.min(Math.max(v, y0 + r), y1 - r);
  return (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
}

/**
 * A page with a folded top-right corner and three lines of text, in glyph space [0, 1]².
 * The lines and the crease around the flap are cut out, so the outline icon stays one white colour.
 */
function insideDocument(u: number, v: number): boolean {
  const left = 0.16, right = 0.84, top = 0.04, bottom = 0.96, fold = 0.26, crease = 0.07;
  if (!insideRoundedRect(u, v, left, top, right, bottom, 0.06)) return false;
  const flapLeft = right - fold, flapBottom = top + fold;
  // The corner beyond the diagonal is folded away.
  if (u - flapLeft > v - top) return false;
  // An L-shaped gap separates the flap (the triangle under the diagonal) from the page.
  const inCrease =
    (u >= flapLeft - crease && u < flapLeft && v < flapBottom + crease) ||
    (v > flapBottom && v <= flapBottom + crease && u >= flapLeft - crease);
  if (inCrease) return false;
  const lineHeight = 0.085;
  const lines: Array<[number, number, number]> = [
    [0.44, 0.28, 0.72],
    [0.6, 0.28, 0.72],
    [0.76, 0.28, 0.56],
  ];
  return !lines.some(([y, x0, x1]) => insideRoundedRect(u, v, x0, y - lineHeight / 2, x1, y + lineHeight / 2, lineHeight / 2));
}

/** Maps the glyph into a square region of the icon, so both icons share one drawing. */
function glyphIn(x0: number, y0: number, size: number): (u: number, v: number) => boolean {
  return (u, v) => insideDocument((u - x0) / size, (v - y0) / size);
}

function render(size: number, shade: Shader): PNG {
  const png = new PNG({ width: size, height: size });
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Average premultiplied colour so half-covered edge pixels keep their true hue.
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const c = shade((x + (sx + 0.5) / SUPERSAMPLE) / size, (y + (sy + 0.5) / SUPERSAMPLE) / size);
          if (!c) continue;
          const alpha = c[3] / 255;
          r += c[0] * alpha;
          g += c[1] * alpha;
          b += c[2] * alpha;
          a += alpha;
        }
      }
      const i = (y * size + x) * 4;
      png.data[i] = a ? Math.round(r / a) : 0;
      png.data[i + 1] = a ? Math.round(g / a) : 0;
      png.data[i + 2] = a ? Math.round(b / a) : 0;
      png.data[i + 3] = Math.round((a / n) * 255);
    }
  }
  return png;
}

// Teams keeps the colour icon's symbol inside the central 96×96 of 192; the glyph sits just inside that.
const colourGlyph = glyphIn(0.25, 0.25, 0.5);
const colour = render(192, (u, v) => {
  if (colourGlyph(u, v)) return WHITE;
  return insideRoundedRect(u, v, 0, 0, 1, 1, 0.18) ? TEAL : null;
});

// The outline icon has no tile: a white symbol on transparency, filling the 32×32 with a pixel of margin.
const outlineGlyph = glyphIn(1 / 32, 1 / 32, 30 / 32);
const outline = render(32, (u, v) => (outlineGlyph(u, v) ? WHITE : null));
// Transparent pixels are white too, so every pixel is "white at some alpha", as the Teams outline rule reads.
for (let i = 0; i < outline.data.length; i += 4) outline.data.fill(255, i, i + 3);

const manifestDir = fileURLToPath(new URL('../manifest/', import.meta.url));
writeFileSync(`${manifestDir}color.png`, PNG.sync.write(colour));
writeFileSync(`${manifestDir}outline.png`, PNG.sync.write(outline));
process.stdout.write(`Wrote ${manifestDir}color.png (192×192) and ${manifestDir}outline.png (32×32)\n`);
