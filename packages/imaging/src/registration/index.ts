export * from './linear-solve.ts';
export * from './pyramid.ts';
export * from './rigid-registration.ts';
export * from './rigid-transform.ts';
