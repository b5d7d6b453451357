#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx, so there is no build step to forget.
import { rerunWithHugePages } from './huge-pages.js';

const exitCode = await rerunWithHugePages();
if (exitCode === undefined) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
} else process.exitCode = exitCode;
