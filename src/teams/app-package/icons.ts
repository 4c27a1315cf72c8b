import { paint, type Rgba } from './png.js';

/** Three switch rails with their knobs, in unit coordinates: the Switchboard glyph. */
function glyph(u: number, v: number): boolean {
  const rails = [0.3, 0.5, 0.7];
  const knobs = [0.36, 0.64, 0.44];
  return rails.some((y, i) => {
    const onRail = Math.abs(v - y) <= 0.04 && u >= 0.2 && u <= 0.8;
    const endCap = Math.hypot(u - Math.min(Math.max(u, 0.2), 0.8), v - y) <= 0.04;
    const knob = Math.hypot(u - knobs[i]!, v - y) <= 0.095;
    return onRail || endCap || knob;
  });
}

const ACCENT: [number, number, number] = [0x3b, 0x4c, 0xca];

/** The 192x192 colour icon: the white glyph on the accent colour, full bleed. */
export function colorIcon(size = 192): Rgba {
  return paint(size, size, (x, y) => (glyph(x / size, y / size) ? [255, 255, 255, 255] : [...ACCENT, 255]));
}

/** The 32x32 outline icon: the white glyph on transparency. */
export function outlineIcon(size = 32): Rgba {
  return paint(size, size, (x, y) => (glyph(x / size, y / size) ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}

export const ACCENT_COLOR = `#${ACCENT.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
