export { findDicomWebPlugin, freePort, hasOrthanc, startOrthanc, type TestOrthanc } from './orthanc.ts';
