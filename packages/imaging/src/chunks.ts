// Moved to the volume room (scaleVolume uses it too); re-exported here for this room's modules.
export { forChunks } from '@cxcr4pet/volume';
