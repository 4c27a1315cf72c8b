/** Writes manifest/teams/color.png (192x192) and outline.png (32x32, transparent). Run: npx tsx scripts/teams-icons.ts */
import { writeFileSync } from 'node:fs';
import { colorIcon, outlineIcon } from '../src/teams/app-package/icons.js';
import { encodePng } from '../src/teams/app-package/png.js';

writeFileSync('manifest/teams/color.png', encodePng(colorIcon()));
writeFileSync('manifest/teams/outline.png', encodePng(outlineIcon()));
process.stdout.write('wrote manifest/teams/color.png and manifest/teams/outline.png\n');
