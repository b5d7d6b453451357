// Child process of the read benchmark: loads a PET folder (or only imports the code with --baseline)
// and prints its peak resident memory, so the parent can subtract Node's own footprint.
import { loadPetStudy } from '@cxcr4pet/cli/io';
import { suvVolume } from '@cxcr4pet/dicom';

const [folder, mode] = process.argv.slice(2);
let voxels = 0;
if (mode !== '--baseline' && folder !== undefined) {
  const study = await loadPetStudy(folder, { values: 'bw' });
  const suv = suvVolume(study.pet, 'bw');
  voxels = suv.data.length;
}
process.stdout.write(`${JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, voxels })}\n`);
